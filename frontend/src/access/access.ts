import type { CollectionAccess } from '../api/api-types.js';

/**
 * What the signed-in user may do, as the site reads it from `GET /api/collections`. The site only
 * hides what would be refused; the server enforces every rule regardless. `known` is false when
 * the server has no such route (an older API): then nothing is hidden and the server decides.
 */
export interface Access {
  known: boolean;
  admin: boolean;
  /** Collections the user may search, by name. */
  readable: string[];
  /** Collections the user may upload to and delete from. */
  editable: string[];
}

export const UNKNOWN_ACCESS: Access = Object.freeze({ known: false, admin: false, readable: [], editable: [] }) as Access;

export function accessFrom(collections: readonly CollectionAccess[]): Access {
  const names = (filter: (entry: CollectionAccess) => boolean) =>
    collections
      .filter(filter)
      .map((entry) => entry.name)
      .sort();
  return {
    known: true,
    admin: collections.some((entry) => entry.role === 'admin'),
    readable: names(() => true),
    editable: names((entry) => entry.role === 'editor' || entry.role === 'admin'),
  };
}

/** Whether the user may upload at all; unknown access leaves it to the server. */
export function canUpload(access: Access): boolean {
  return !access.known || access.editable.length > 0;
}

/** Whether the user may delete a document of this collection; unknown access (or collection) leaves it to the server. */
export function canDelete(access: Access, collection: string | undefined): boolean {
  if (!access.known || access.admin) return true;
  return collection !== undefined && access.editable.includes(collection);
}
