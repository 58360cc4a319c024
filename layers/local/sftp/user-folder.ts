import { lstat, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { SftpFailure } from './sftp-failure.js';

/** A path inside a user's folder, as the user names it (`/sub/a.pdf`) and as it is on disk. */
export interface ResolvedPath {
  /** Normalised path the user sees, always starting with `/`. */
  virtualPath: string;
  /** Absolute path on disk, inside the user's folder. */
  fsPath: string;
  /** Object key, `<user>/<path inside the folder>`, as in the raw S3 bucket. */
  key: string;
}

/**
 * One user's folder with chroot semantics, like a Transfer Family LOGICAL home directory:
 * the user sees their folder as `/`, and no path, `..` or symbolic link leads outside it.
 */
export class UserFolder {
  private constructor(
    readonly user: string,
    /** Real path of the folder (symbolic links resolved), the boundary every check uses. */
    readonly realRoot: string,
  ) {}

  /**
   * The user's folder, `<rootDir>/<user>`, is created on first use. `rootDir` must be a real
   * path. A folder that is a link leading out of `rootDir` is refused: it would hand the
   * user whatever it points to.
   */
  static async open(rootDir: string, user: string): Promise<UserFolder> {
    const folder = path.join(rootDir, user);
    await mkdir(folder, { recursive: true, mode: 0o755 });
    const realFolder = await realpath(folder);
    if (!realFolder.startsWith(rootDir + path.sep)) {
      throw new Error(`the folder of ${user} is a link leading out of the SFTP root folder`);
    }
    return new UserFolder(user, realFolder);
  }

  /**
   * Normalises a client path against `/` (the session's only working directory), in Unicode NFC. Returns
   * `undefined` for anything that would climb above `/` or that holds a NUL.
   */
  static toVirtualPath(clientPath: string): string | undefined {
    if (clientPath.includes('\0')) return undefined;
    // On Windows a backslash is a separator for the file system but not for SFTP.
    if (process.platform === 'win32' && clientPath.includes('\\')) return undefined;
    const segments: string[] = [];
    for (const segment of clientPath.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        if (segments.length === 0) return undefined;
        segments.pop();
      } else {
        segments.push(segment);
      }
    }
    // macOS clients send decomposed (NFD) names; HTTP uploads and the CLI use NFC. One form
    // keeps "café.txt" one document, whichever way it arrives.
    return path.posix.join('/', ...segments).normalize('NFC');
  }

  /**
   * Maps a client path to disk, checking on disk that it stays inside the folder: the parent
   * is resolved with `realpath` (so a planted symbolic link anywhere above the last segment
   * is followed and judged), and with `followLink` the last segment is resolved too.
   * Without `followLink` the last segment itself is what the operation touches (remove,
   * rename, lstat), which is safe even when it is a link.
   */
  async resolve(clientPath: string, options: { followLink: boolean }): Promise<ResolvedPath> {
    const virtualPath = UserFolder.toVirtualPath(clientPath);
    if (virtualPath === undefined) throw SftpFailure.permissionDenied('Path is outside your folder');
    if (virtualPath === '/') return { virtualPath, fsPath: this.realRoot, key: this.keyOf(this.realRoot) };

    const relative = virtualPath.slice(1);
    const parent = path.join(this.realRoot, path.posix.dirname(relative));
    const realParent = await realpathOrFail(parent);
    this.assertInside(realParent);

    let fsPath = path.join(realParent, path.posix.basename(relative));
    if (options.followLink && (await isSymbolicLink(fsPath))) {
      // A dangling link would let O_CREAT write wherever it points, so it is refused too.
      const target = await realpath(fsPath).catch(() => {
        throw SftpFailure.permissionDenied('Symbolic link points outside your folder or nowhere');
      });
      this.assertInside(target);
      fsPath = target;
    }
    return { virtualPath, fsPath, key: this.keyOf(fsPath) };
  }

  /** The path the user sees for a real path inside the folder. */
  virtualPathOf(realPath: string): string {
    this.assertInside(realPath);
    return path.posix.join('/', ...path.relative(this.realRoot, realPath).split(path.sep));
  }

  /** Throws PERMISSION_DENIED unless `realPath` is the folder or inside it. */
  assertInside(realPath: string): void {
    if (!this.contains(realPath)) throw SftpFailure.permissionDenied('Path is outside your folder');
  }

  contains(realPath: string): boolean {
    return realPath === this.realRoot || realPath.startsWith(this.realRoot + path.sep);
  }

  private keyOf(fsPath: string): string {
    return path.posix.join(this.user, ...path.relative(this.realRoot, fsPath).split(path.sep));
  }
}

async function realpathOrFail(fsPath: string): Promise<string> {
  try {
    return await realpath(fsPath);
  } catch (error) {
    throw SftpFailure.fromFsError(error);
  }
}

async function isSymbolicLink(fsPath: string): Promise<boolean> {
  try {
    return (await lstat(fsPath)).isSymbolicLink();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw SftpFailure.fromFsError(error);
  }
}
