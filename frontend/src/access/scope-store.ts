/** The scope the user last searched in, kept per browser. */
export const SCOPE_KEY = 'rag-docbot.scope.v1';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The remembered collection, if the user may still read it: a collection taken away since (or
 * a stale value) falls back to all of the user's collections. Undefined means all of them.
 */
export function loadScope(storage: StorageLike | undefined, readable: readonly string[]): string | undefined {
  try {
    const saved = storage?.getItem(SCOPE_KEY) ?? undefined;
    return saved && readable.includes(saved) ? saved : undefined;
  } catch {
    return undefined;
  }
}

export function saveScope(storage: StorageLike | undefined, collection: string | undefined): void {
  try {
    if (collection) storage?.setItem(SCOPE_KEY, collection);
    else storage?.removeItem(SCOPE_KEY);
  } catch {
    // A full or disabled storage only loses the preference.
  }
}
