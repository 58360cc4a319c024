import { RagError } from '../errors.js';

/** Where documents go when nothing says otherwise, and where every document was before collections. */
export const DEFAULT_COLLECTION = 'default';

const COLLECTION_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The rule the collections table checks: lower-case letters, digits, `-` and `_`, at most 63 characters. */
export function isCollectionName(value: unknown): value is string {
  return typeof value === 'string' && COLLECTION_NAME.test(value);
}

export function assertCollectionName(value: unknown): string {
  if (!isCollectionName(value)) {
    throw new RagError('invalid_request', `${JSON.stringify(value)} is not a collection name: use lower-case letters, digits, "-" and "_" (at most 63).`);
  }
  return value;
}
