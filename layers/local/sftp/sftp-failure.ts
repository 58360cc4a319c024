import ssh2 from 'ssh2';

const { STATUS_CODE } = ssh2.utils.sftp;

/**
 * An SFTP request that fails with a status code and a message for the client. Messages
 * never hold paths on disk: the user only knows the paths inside their folder.
 */
export class SftpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SftpFailure';
  }

  static permissionDenied(message = 'Permission denied'): SftpFailure {
    return new SftpFailure(STATUS_CODE.PERMISSION_DENIED, message);
  }

  static noSuchFile(message = 'No such file or directory'): SftpFailure {
    return new SftpFailure(STATUS_CODE.NO_SUCH_FILE, message);
  }

  static failure(message: string): SftpFailure {
    return new SftpFailure(STATUS_CODE.FAILURE, message);
  }

  /** Maps a Node file-system error (whose own message names the path on disk). */
  static fromFsError(error: unknown): SftpFailure {
    if (error instanceof SftpFailure) return error;
    switch ((error as NodeJS.ErrnoException | undefined)?.code) {
      case 'ENOENT':
        return SftpFailure.noSuchFile();
      case 'EACCES':
      case 'EPERM':
        return SftpFailure.permissionDenied();
      case 'ELOOP':
        return SftpFailure.permissionDenied('Symbolic links cannot be followed here');
      case 'EEXIST':
        return SftpFailure.failure('File already exists');
      case 'ENOTDIR':
        return SftpFailure.noSuchFile('Not a directory');
      case 'EISDIR':
        return SftpFailure.failure('Is a directory');
      case 'ENOTEMPTY':
        return SftpFailure.failure('Directory not empty');
      case 'EINVAL':
        return SftpFailure.failure('Invalid argument');
      case 'ENOSPC':
        return SftpFailure.failure('No space left on the server');
      case 'ENAMETOOLONG':
        return SftpFailure.failure('File name too long');
      default:
        return SftpFailure.failure('Failure');
    }
  }
}
