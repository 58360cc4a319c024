export const API_TOKEN_KEY = 'rag-docbot.api-token';

export interface TokenStore {
  get(): string | undefined;
  set(token: string): void;
  clear(): void;
}

/**
 * Keeps the local API token for this tab only (sessionStorage): asked once per session,
 * gone when the tab closes. Storage that throws (private mode, disabled) degrades to memory.
 */
export function createTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined, key = API_TOKEN_KEY): TokenStore {
  let memory: string | undefined;
  return {
    get() {
      try {
        return storage?.getItem(key) || memory || undefined;
      } catch {
        return memory;
      }
    },
    set(token) {
      const trimmed = token.trim();
      memory = trimmed;
      try {
        storage?.setItem(key, trimmed);
      } catch {
        // memory only
      }
    },
    clear() {
      memory = undefined;
      try {
        storage?.removeItem(key);
      } catch {
        // nothing stored
      }
    },
  };
}

/** The Authorization header for a local API token. */
export function bearer(token: string | undefined): string | undefined {
  return token ? `Bearer ${token}` : undefined;
}
