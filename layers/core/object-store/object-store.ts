export interface StoredObject {
  key: string;
  size: number;
  lastModified: string;
  contentType?: string;
}

/** Port: where raw documents live. S3 in AWS; a folder on disk locally. Keys are POSIX paths like `alice/report.pdf`. */
export interface ObjectStore {
  put(key: string, body: Uint8Array, contentType?: string): Promise<StoredObject>;
  /** The object's bytes, or undefined when it does not exist (deleted after its event was sent). */
  get(key: string): Promise<Uint8Array | undefined>;
  head(key: string): Promise<StoredObject | undefined>;
  delete(key: string): Promise<void>;
  list(prefix?: string): Promise<StoredObject[]>;
}

const UNSAFE_SEGMENT = /^\.{1,2}$/;

/**
 * Validates an object key: relative, POSIX separators, no empty/`.`/`..` segments, no NUL or
 * control characters, at most 1,024 bytes (the S3 limit). Throws a RangeError naming the problem.
 */
export function assertSafeKey(key: string): void {
  if (!key) throw new RangeError('object key is empty');
  if (Buffer.byteLength(key) > 1024) throw new RangeError('object key is longer than 1,024 bytes');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) throw new RangeError('object key contains control characters');
  if (key.startsWith('/') || key.includes('\\')) throw new RangeError('object key must be a relative POSIX path');
  if (key.split('/').some((segment) => segment === '' || UNSAFE_SEGMENT.test(segment))) {
    throw new RangeError('object key has an empty, "." or ".." segment');
  }
}
