import type { Stats } from 'node:fs';
import type { Attributes } from 'ssh2';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SIX_MONTHS_MS = 182 * 24 * 60 * 60 * 1000;

/** SFTP v3 ATTRS of a file. */
export function toAttributes(stats: Stats): Attributes {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

/**
 * The `ls -l` line of a READDIR entry, laid out as OpenSSH's server does: several clients
 * (and `sftp`'s own `ls -l`) show it verbatim. The owner shown is the SFTP user, since
 * numeric ids of the machine mean nothing to them.
 */
export function formatLongName(name: string, stats: Stats, owner: string, now = new Date()): string {
  const links = String(stats.nlink).padStart(3);
  const size = String(stats.size).padStart(8);
  return `${modeString(stats)} ${links} ${owner.padEnd(8)} ${owner.padEnd(8)} ${size} ${dateString(stats.mtime, now)} ${name}`;
}

function modeString(stats: Stats): string {
  const type = stats.isDirectory() ? 'd' : stats.isSymbolicLink() ? 'l' : stats.isFile() ? '-' : '?';
  const bits = 'rwxrwxrwx'
    .split('')
    .map((letter, index) => (stats.mode & (0o400 >> index) ? letter : '-'))
    .join('');
  return type + bits;
}

function dateString(mtime: Date, now: Date): string {
  const month = MONTHS[mtime.getMonth()] ?? '???';
  const day = String(mtime.getDate()).padStart(2);
  if (Math.abs(now.getTime() - mtime.getTime()) < SIX_MONTHS_MS) {
    const time = `${String(mtime.getHours()).padStart(2, '0')}:${String(mtime.getMinutes()).padStart(2, '0')}`;
    return `${month} ${day} ${time}`;
  }
  return `${month} ${day}  ${mtime.getFullYear()}`;
}
