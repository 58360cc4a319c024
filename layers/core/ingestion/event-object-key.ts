import type { ObjectStore } from '../object-store/object-store.js';

/**
 * Keys that are not documents: S3 "folders" (zero-byte keys ending in `/`, which SFTP clients
 * create through Transfer Family with mkdir) and the temporary `.filepart` files some SFTP
 * clients (WinSCP, among others) upload first and then rename to the real name. Their events
 * are acknowledged without a job, a download or an embedding.
 */
export function isIgnoredObjectKey(key: string): boolean {
  return key.endsWith('/') || /\.filepart$/i.test(key);
}

/**
 * The key as S3 notifications encode it, decoded: form encoding, where a space is `+` and
 * every other reserved byte is `%XX` (so a literal `+` arrives as `%2B`). Undefined when the
 * key does not decode (a literal `%` that starts no escape).
 */
export function decodeS3EventKey(key: string): string | undefined {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

export interface KeyResolution {
  /** Does an object exist under this key now? */
  exists(key: string): Promise<boolean>;
  /** Does the index or a job know this key (a document, or an upload waiting for it)? */
  known(key: string): Promise<boolean>;
}

/**
 * The real object key an event names. An event key may arrive encoded (`my+file+%281%29.pdf`
 * for `my file (1).pdf`); taking it literally, the object looks missing and its upload would
 * be recorded as a delete. So the literal key and its decoding are both tried: the one whose
 * object exists wins, then the one the index or a pending job knows, then the decoding (what
 * S3 encodes); a key that does not decode is literal.
 */
export async function resolveEventKey(key: string, resolution: KeyResolution): Promise<string> {
  const decoded = decodeS3EventKey(key);
  if (decoded === undefined || decoded === key) return key;
  for (const candidate of [key, decoded]) if (await resolution.exists(candidate)) return candidate;
  for (const candidate of [key, decoded]) if (await resolution.known(candidate)) return candidate;
  return decoded;
}

/** `exists` over an object store; a key the store cannot hold (e.g. `a//b`) does not exist. */
export function objectExists(objects: ObjectStore): (key: string) => Promise<boolean> {
  return async (key) => {
    try {
      return (await objects.head(key)) !== undefined;
    } catch (error) {
      if (error instanceof RangeError) return false;
      throw error;
    }
  };
}
