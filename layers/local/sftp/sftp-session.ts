import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { Attributes, FileEntry, SFTPWrapper } from 'ssh2';
import { describeError } from '#core/errors.js';
import { emitSafely, isHiddenName, type DropEventHandlers } from './drop-events.js';
import { formatLongName, toAttributes } from './file-attributes.js';
import { SftpFailure } from './sftp-failure.js';
import { UserFolder, type ResolvedPath } from './user-folder.js';
import { formatMegabytes } from '#core/text/format-megabytes.js';

const { OPEN_MODE, STATUS_CODE } = ssh2.utils.sftp;

/** Clients ask for 32 KiB; answering with less than asked is allowed, more is not. */
const MAX_READ_BYTES = 64 * 1024;
const READDIR_BATCH = 100;
/** Every open handle holds a file descriptor of this process. */
const MAX_OPEN_HANDLES = 256;
/** Not available on Windows, where the realpath checks alone guard the last segment. */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

interface OpenFile {
  kind: 'file';
  file: FileHandle;
  resolved: ResolvedPath;
  writable: boolean;
  /** With O_APPEND the kernel ignores offsets, so the size limit counts from here. */
  appendPosition?: number;
  /** Set once a write was refused; the upload is then abandoned and never announced. */
  refusal?: string;
  pending: Set<Promise<unknown>>;
}

interface OpenDirectory {
  kind: 'directory';
  fsPath: string;
  names: string[];
  next: number;
}

type OpenHandle = OpenFile | OpenDirectory;

export interface SftpSessionOptions extends DropEventHandlers {
  folder: UserFolder;
  maxFileBytes?: number;
}

/**
 * Serves one SFTP session confined to one user's folder. Requests it does not handle
 * (extensions, hard links) are answered OP_UNSUPPORTED by ssh2.
 */
export function serveSftpSession(sftp: SFTPWrapper, options: SftpSessionOptions): { close(): Promise<void> } {
  const { folder, log } = options;
  const handles = new Map<number, OpenHandle>();
  let nextHandle = 0;
  let closed = false;

  const send = (reply: () => void) => {
    if (closed) return;
    try {
      reply();
    } catch (error) {
      log(`sftp: reply to ${folder.user} failed: ${describeError(error)}`);
    }
  };

  const serve = (reqId: number, work: () => Promise<void>) => {
    work().catch((error: unknown) => {
      const failure = SftpFailure.fromFsError(error);
      if (!(error instanceof SftpFailure) && typeof (error as NodeJS.ErrnoException).code !== 'string') {
        log(`sftp: request of ${folder.user} failed: ${describeError(error)}`);
      }
      send(() => sftp.status(reqId, failure.status, failure.message));
    });
  };

  const ok = (reqId: number) => send(() => sftp.status(reqId, STATUS_CODE.OK));

  const register = (entry: OpenHandle): Buffer => {
    const id = nextHandle++ >>> 0;
    handles.set(id, entry);
    const handle = Buffer.alloc(4);
    handle.writeUInt32BE(id, 0);
    return handle;
  };

  const lookup = (handle: Buffer): OpenHandle => {
    const entry = handle.length === 4 ? handles.get(handle.readUInt32BE(0)) : undefined;
    if (entry === undefined) throw SftpFailure.failure('Invalid handle');
    return entry;
  };

  const fileOf = (handle: Buffer): OpenFile => {
    const entry = lookup(handle);
    if (entry.kind !== 'file') throw SftpFailure.failure('Handle is a directory');
    return entry;
  };

  /** CLOSE waits for reads and writes still running on the handle. */
  const track = <T>(entry: OpenFile, operation: Promise<T>): Promise<T> => {
    entry.pending.add(operation);
    return operation.finally(() => entry.pending.delete(operation));
  };

  const announceCreated = (key: string, size: number) => {
    if (!isHiddenName(key)) emitSafely(options.onObjectCreated, { key, size, user: folder.user }, log);
  };
  const announceDeleted = (key: string) => {
    if (!isHiddenName(key)) emitSafely(options.onObjectDeleted, { key, user: folder.user }, log);
  };

  sftp.on('OPEN', (reqId, filename, flags) =>
    serve(reqId, async () => {
      if (handles.size >= MAX_OPEN_HANDLES) throw SftpFailure.failure('Too many open files');
      const resolved = await folder.resolve(filename, { followLink: true });
      const file = await open(resolved.fsPath, toFsFlags(flags), 0o644);
      if (closed) {
        await file.close();
        return;
      }
      const entry: OpenFile = {
        kind: 'file',
        file,
        resolved,
        writable: (flags & OPEN_MODE.WRITE) !== 0,
        pending: new Set(),
      };
      if (flags & OPEN_MODE.APPEND) {
        entry.appendPosition = await file.stat().then(
          (stats) => stats.size,
          async (error: unknown) => {
            await file.close();
            throw error;
          },
        );
      }
      const handle = register(entry);
      send(() => sftp.handle(reqId, handle));
    }),
  );

  sftp.on('READ', (reqId, handle, offset, length) =>
    serve(reqId, async () => {
      const entry = fileOf(handle);
      const buffer = Buffer.alloc(Math.min(length, MAX_READ_BYTES));
      const { bytesRead } = await track(entry, entry.file.read(buffer, 0, buffer.length, offset));
      if (bytesRead === 0) send(() => sftp.status(reqId, STATUS_CODE.EOF));
      else send(() => sftp.data(reqId, buffer.subarray(0, bytesRead)));
    }),
  );

  sftp.on('WRITE', (reqId, handle, offset, data) =>
    serve(reqId, async () => {
      const entry = fileOf(handle);
      if (!entry.writable) throw SftpFailure.permissionDenied('File is not open for writing');
      if (entry.refusal !== undefined) throw SftpFailure.failure(entry.refusal);
      let end = offset + data.length;
      if (entry.appendPosition !== undefined) {
        entry.appendPosition += data.length;
        end = entry.appendPosition;
      }
      if (options.maxFileBytes !== undefined && end > options.maxFileBytes) {
        entry.refusal = `File is larger than the ${formatMegabytes(options.maxFileBytes)} limit per file`;
        log(`sftp: ${entry.resolved.key} refused: larger than the ${formatMegabytes(options.maxFileBytes)} limit per file`);
        await unlink(entry.resolved.fsPath).catch(() => undefined);
        throw SftpFailure.failure(entry.refusal);
      }
      await track(entry, entry.file.write(data, 0, data.length, offset));
      ok(reqId);
    }),
  );

  sftp.on('FSTAT', (reqId, handle) =>
    serve(reqId, async () => {
      const entry = lookup(handle);
      const stats = entry.kind === 'file' ? await entry.file.stat() : await stat(entry.fsPath);
      send(() => sftp.attrs(reqId, toAttributes(stats)));
    }),
  );

  // Modes and times are the server's business, as on S3; accepting keeps `put -p` working.
  sftp.on('FSETSTAT', (reqId, handle) =>
    serve(reqId, async () => {
      lookup(handle);
      ok(reqId);
    }),
  );

  sftp.on('SETSTAT', (reqId, clientPath) =>
    serve(reqId, async () => {
      const resolved = await folder.resolve(clientPath, { followLink: true });
      await stat(resolved.fsPath);
      ok(reqId);
    }),
  );

  sftp.on('CLOSE', (reqId, handle) =>
    serve(reqId, async () => {
      const entry = lookup(handle);
      handles.delete(handle.readUInt32BE(0));
      if (entry.kind === 'file') {
        await Promise.allSettled(entry.pending);
        let size: number | undefined;
        try {
          if (entry.writable && entry.refusal === undefined) size = (await entry.file.stat()).size;
        } finally {
          await entry.file.close();
        }
        if (size !== undefined) announceCreated(entry.resolved.key, size);
      }
      ok(reqId);
    }),
  );

  sftp.on('OPENDIR', (reqId, clientPath) =>
    serve(reqId, async () => {
      if (handles.size >= MAX_OPEN_HANDLES) throw SftpFailure.failure('Too many open files');
      const resolved = await folder.resolve(clientPath, { followLink: true });
      if (!(await stat(resolved.fsPath)).isDirectory()) throw SftpFailure.noSuchFile('Not a directory');
      const names = (await readdir(resolved.fsPath)).sort();
      const handle = register({ kind: 'directory', fsPath: resolved.fsPath, names, next: 0 });
      send(() => sftp.handle(reqId, handle));
    }),
  );

  sftp.on('READDIR', (reqId, handle) =>
    serve(reqId, async () => {
      const entry = lookup(handle);
      if (entry.kind !== 'directory') throw SftpFailure.failure('Handle is not a directory');
      const listed: FileEntry[] = [];
      while (listed.length === 0 && entry.next < entry.names.length) {
        const batch = entry.names.slice(entry.next, entry.next + READDIR_BATCH);
        entry.next += batch.length;
        // Links are listed as links (lstat): listing one must not reveal what it points to.
        const stats = await Promise.all(batch.map((name) => lstat(path.join(entry.fsPath, name)).catch(() => undefined)));
        batch.forEach((name, index) => {
          const entryStats = stats[index];
          if (entryStats !== undefined) listed.push(toFileEntry(name, entryStats, folder.user));
        });
      }
      if (listed.length === 0) send(() => sftp.status(reqId, STATUS_CODE.EOF));
      else send(() => sftp.name(reqId, listed));
    }),
  );

  sftp.on('STAT', (reqId, clientPath) =>
    serve(reqId, async () => {
      const resolved = await folder.resolve(clientPath, { followLink: true });
      const stats = await stat(resolved.fsPath);
      send(() => sftp.attrs(reqId, toAttributes(stats)));
    }),
  );

  sftp.on('LSTAT', (reqId, clientPath) =>
    serve(reqId, async () => {
      const resolved = await folder.resolve(clientPath, { followLink: false });
      const stats = await lstat(resolved.fsPath);
      send(() => sftp.attrs(reqId, toAttributes(stats)));
    }),
  );

  sftp.on('REMOVE', (reqId, clientPath) =>
    serve(reqId, async () => {
      const resolved = await folder.resolve(clientPath, { followLink: false });
      const stats = await lstat(resolved.fsPath);
      if (stats.isDirectory()) throw SftpFailure.failure('Is a directory (use rmdir)');
      await unlink(resolved.fsPath);
      if (stats.isFile()) announceDeleted(resolved.key);
      ok(reqId);
    }),
  );

  sftp.on('MKDIR', (reqId, clientPath) =>
    serve(reqId, async () => {
      const resolved = await folder.resolve(clientPath, { followLink: false });
      await mkdir(resolved.fsPath, 0o755);
      ok(reqId);
    }),
  );

  sftp.on('RMDIR', (reqId, clientPath) =>
    serve(reqId, async () => {
      const resolved = await folder.resolve(clientPath, { followLink: false });
      if (resolved.virtualPath === '/') throw SftpFailure.permissionDenied('Cannot remove your home folder');
      await rmdir(resolved.fsPath);
      ok(reqId);
    }),
  );

  // Uploads often go to a temporary name first, then are renamed: for the bucket that is
  // the old object deleted and the new one created, for every file moved.
  sftp.on('RENAME', (reqId, oldPath, newPath) =>
    serve(reqId, async () => {
      const from = await folder.resolve(oldPath, { followLink: false });
      const to = await folder.resolve(newPath, { followLink: false });
      if (from.virtualPath === '/' || to.virtualPath === '/') throw SftpFailure.permissionDenied('Cannot rename your home folder');
      const stats = await lstat(from.fsPath);
      const moved = stats.isDirectory() ? await listFiles(from.fsPath) : stats.isFile() ? [{ relativeKey: '', size: stats.size }] : [];
      await rename(from.fsPath, to.fsPath);
      for (const file of moved) {
        const suffix = file.relativeKey === '' ? '' : `/${file.relativeKey}`;
        announceDeleted(from.key + suffix);
        announceCreated(to.key + suffix, file.size);
      }
      ok(reqId);
    }),
  );

  sftp.on('REALPATH', (reqId, clientPath) =>
    serve(reqId, async () => {
      const virtualPath = UserFolder.toVirtualPath(clientPath);
      if (virtualPath === undefined) throw SftpFailure.permissionDenied('Path is outside your folder');
      send(() => sftp.name(reqId, [{ filename: virtualPath, longname: virtualPath, attrs: {} as Attributes }]));
    }),
  );

  // Only links that stay inside the folder are shown, and as the user's own path.
  sftp.on('READLINK', (reqId, clientPath) =>
    serve(reqId, async () => {
      const resolved = await folder.resolve(clientPath, { followLink: false });
      if (!(await lstat(resolved.fsPath)).isSymbolicLink()) throw SftpFailure.failure('Not a symbolic link');
      const target = await realpath(resolved.fsPath).catch(() => undefined);
      if (target === undefined || !folder.contains(target)) {
        throw SftpFailure.permissionDenied('Symbolic link points outside your folder or nowhere');
      }
      const virtualTarget = folder.virtualPathOf(target);
      send(() => sftp.name(reqId, [{ filename: virtualTarget, longname: virtualTarget, attrs: {} as Attributes }]));
    }),
  );

  sftp.on('SYMLINK', (reqId) => send(() => sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED, 'Symbolic links are not allowed')));

  sftp.on('error', (error: Error) => log(`sftp: session of ${folder.user} failed: ${describeError(error)}`));
  // The client half-closes the channel on `bye`; without closing ours it waits forever.
  sftp.on('end', () => sftp.end());

  const close = async () => {
    if (closed) return;
    closed = true;
    const open = [...handles.values()];
    handles.clear();
    await Promise.all(
      open.map(async (entry) => {
        if (entry.kind !== 'file') return;
        await Promise.allSettled(entry.pending);
        if (entry.writable && entry.refusal === undefined) {
          log(`sftp: upload of ${entry.resolved.key} was interrupted; the partial file is kept but not ingested`);
        }
        await entry.file.close().catch(() => undefined);
      }),
    );
  };
  sftp.on('close', () => void close());
  return { close };
}

/** SFTP open flags to open(2) flags, as OpenSSH's server maps them. */
function toFsFlags(flags: number): number {
  const read = (flags & OPEN_MODE.READ) !== 0;
  const write = (flags & OPEN_MODE.WRITE) !== 0;
  let fsFlags = read && write ? constants.O_RDWR : write ? constants.O_WRONLY : constants.O_RDONLY;
  if (flags & OPEN_MODE.APPEND) fsFlags |= constants.O_APPEND;
  if (flags & OPEN_MODE.CREAT) fsFlags |= constants.O_CREAT;
  if (flags & OPEN_MODE.TRUNC) fsFlags |= constants.O_TRUNC;
  if (flags & OPEN_MODE.EXCL) fsFlags |= constants.O_EXCL;
  // The path was checked a moment ago; this keeps a link swapped in since from being followed.
  return fsFlags | O_NOFOLLOW;
}

function toFileEntry(name: string, stats: Stats, owner: string): FileEntry {
  return { filename: name, longname: formatLongName(name, stats, owner), attrs: toAttributes(stats) };
}

/** Regular files under a directory, with their keys relative to it. Links are not followed. */
async function listFiles(directory: string, prefix = ''): Promise<Array<{ relativeKey: string; size: number }>> {
  const files: Array<{ relativeKey: string; size: number }> = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const relativeKey = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    const fsPath = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(fsPath, relativeKey)));
    else if (entry.isFile()) files.push({ relativeKey, size: (await lstat(fsPath)).size });
  }
  return files;
}
