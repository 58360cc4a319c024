import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import { type Access, UNKNOWN_ACCESS, accessFrom } from './access.js';

/** The user's collections and roles, loaded once and reloaded after an admin changes them. */
export function useAccess(api: ApiClient): { access: Access; loading: boolean; reload(): Promise<void> } {
  const [access, setAccess] = useState<Access>(UNKNOWN_ACCESS);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    try {
      setAccess(accessFrom(await api.listCollections()));
    } catch {
      // A server without the route (or a failing one): hide nothing and let the server decide.
      setAccess(UNKNOWN_ACCESS);
    } finally {
      setLoading(false);
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { access, loading, reload };
}
