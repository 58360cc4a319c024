import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';

/**
 * `ssh2.utils.parseKey`, narrowed to one key: an OpenSSH private key file may hold several,
 * in which case ssh2 returns an array and the first key is the one that counts.
 */
export function parseSshKey(text: string | Buffer): ParsedKey | Error {
  const parsed: ParsedKey | ParsedKey[] | Error = ssh2.utils.parseKey(text);
  if (Array.isArray(parsed)) return parsed[0] ?? new Error('no key found');
  return parsed;
}

/** The one-line OpenSSH form of a key's public half, without comment: `ssh-ed25519 AAAA…`. */
export function openSshPublicLine(key: ParsedKey): string {
  return `${key.type} ${key.getPublicSSH().toString('base64')}`;
}
