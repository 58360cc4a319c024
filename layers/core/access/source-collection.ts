import { API_UPLOAD_PREFIX, apiUploadKey, safeUploadName } from '../object-store/upload-name.js';
import { DEFAULT_COLLECTION, isCollectionName } from '../store/collection-name.js';

/**
 * The object key of an API upload into a collection. Uploads to `default` keep the key they had
 * before collections existed, so re-uploading a file replaces its earlier copy.
 */
export function apiUploadKeyIn(collection: string, name: string): string {
  return collection === DEFAULT_COLLECTION ? apiUploadKey(name) : `${API_UPLOAD_PREFIX}${collection}/${safeUploadName(name)}`;
}

/**
 * The collection of a drop folder's user when none is configured: their name lower-cased, with
 * anything a collection name cannot hold turned into `-`; `default` when that is still no name.
 */
export function defaultDropCollection(userName: string): string {
  const name = userName.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  return isCollectionName(name) ? name : DEFAULT_COLLECTION;
}

/** Reads the folder → collection map the ingest function receives (JSON text); absent is none. */
export function parseDropCollections(text: string | undefined): Map<string, string> {
  if (!text?.trim()) return new Map();
  const raw = JSON.parse(text) as Record<string, unknown>;
  return new Map(Object.entries(raw).filter((entry): entry is [string, string] => isCollectionName(entry[1])));
}

/**
 * The collection a stored object belongs to, from its key alone, so every ingestion path (the
 * local queue, S3 events) files it the same way: `api-uploads/<collection>/<name>` goes to that
 * collection, a key under a drop folder (an SFTP user's home) to that folder's collection, and
 * anything else to `default`.
 */
export function collectionOfSource(source: string, folderCollections: ReadonlyMap<string, string> = new Map()): string {
  const segments = source.split('/');
  if (source.startsWith(API_UPLOAD_PREFIX)) {
    return segments.length === 3 && isCollectionName(segments[1]) ? segments[1] : DEFAULT_COLLECTION;
  }
  if (segments.length > 1) {
    const folder = folderCollections.get(segments[0]!);
    if (folder !== undefined) return folder;
  }
  return DEFAULT_COLLECTION;
}
