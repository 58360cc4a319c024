import { RagError } from '../errors.js';
import type { JobVisibility } from '../ingestion/job-repository.js';
import { DEFAULT_COLLECTION } from '../store/collection-name.js';
import type { SearchScope } from '../store/search-scope.js';

/** What a user may do in one collection: `reader` lists, retrieves, chats and opens sources; `editor` also uploads, replaces and deletes. */
export type CollectionRole = 'reader' | 'editor';

/** An authenticated caller. Admins may do everything, in every collection, and manage users and collections. */
export interface Principal {
  user: string;
  admin: boolean;
  collections: Readonly<Record<string, CollectionRole>>;
}

/** The caller when no identity is configured on a loopback-only server: today's single-user behaviour. */
export const ANONYMOUS_ADMIN: Principal = Object.freeze({ user: 'anonymous', admin: true, collections: Object.freeze({}) });

/** The collections a caller may read; undefined means all of them (an admin). */
export function readableCollections(principal: Principal): string[] | undefined {
  if (principal.admin) return undefined;
  return Object.keys(principal.collections).sort();
}

/** The collections a caller may upload to and delete from; undefined means all of them (an admin). */
export function editableCollections(principal: Principal): string[] | undefined {
  if (principal.admin) return undefined;
  return Object.entries(principal.collections)
    .filter(([, role]) => role === 'editor')
    .map(([name]) => name)
    .sort();
}

export function canRead(principal: Principal, collection: string): boolean {
  return principal.admin || Object.hasOwn(principal.collections, collection);
}

export function canEdit(principal: Principal, collection: string): boolean {
  return principal.admin || (Object.hasOwn(principal.collections, collection) && principal.collections[collection] === 'editor');
}

/** What a request may ask to narrow its search to; every field only ever narrows. */
export type ScopeRequest = Omit<SearchScope, 'collections'> & { collections?: readonly string[] };

/**
 * The search scope of a request: the caller's readable collections intersected with the ones
 * asked for (a collection the caller cannot read is silently dropped, so asking never widens and
 * never reveals whether it exists), plus the request's metadata filters.
 */
export function narrowScope(principal: Principal, request: ScopeRequest = {}): SearchScope {
  const readable = readableCollections(principal);
  const asked = request.collections && request.collections.length > 0 ? [...new Set(request.collections)] : undefined;
  const collections = readable === undefined ? asked : asked ? asked.filter((name) => readable.includes(name)) : readable;
  const scope: SearchScope = {};
  if (collections !== undefined) scope.collections = collections;
  if (request.sourcePrefix) scope.sourcePrefix = request.sourcePrefix;
  if (request.formats?.length) scope.formats = request.formats;
  if (request.languages?.length) scope.languages = request.languages;
  if (request.updatedFrom) scope.updatedFrom = request.updatedFrom;
  if (request.updatedTo) scope.updatedTo = request.updatedTo;
  return scope;
}

/**
 * The collection an upload goes to: the one named, which the caller must edit (else 403); without
 * a name, the only collection the caller edits, or `default` for an admin. A caller editing
 * several collections must name one.
 */
export function uploadCollection(principal: Principal, requested: string | undefined): string {
  if (requested !== undefined) {
    if (!canEdit(principal, requested)) throw new RagError('forbidden', `You may not upload to the collection "${requested}".`);
    return requested;
  }
  const editable = editableCollections(principal);
  if (editable === undefined) return DEFAULT_COLLECTION;
  if (editable.length === 1) return editable[0]!;
  if (editable.length === 0) throw new RagError('forbidden', 'You may not upload documents: you edit no collection.');
  throw new RagError('invalid_request', `Name the collection to upload to (a "collection" field): you edit ${editable.join(', ')}.`);
}

/** Which jobs a caller sees: every job for an admin, else their own uploads and those of the collections they edit. */
export function jobVisibility(principal: Principal): JobVisibility | undefined {
  const editable = editableCollections(principal);
  return editable === undefined ? undefined : { user: principal.user, editableCollections: editable };
}
