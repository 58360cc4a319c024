import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import type { CollectionAccess, ListedUser, SaveUserRequest } from '../api/api-types.js';

export interface UsersAdmin {
  users: ListedUser[] | undefined;
  collections: string[];
  /** False when users are set inline in the server's configuration: they can be viewed, not changed. */
  editable: boolean;
  loadError: string | undefined;
  /** The last change the server refused, with its reason. */
  actionError: string | undefined;
  /** The token of the user just created: shown once, gone on the next change. */
  newToken: { user: string; token: string } | undefined;
  saveUser(user: string, request: SaveUserRequest): Promise<boolean>;
  removeUser(user: string): Promise<void>;
  createCollection(name: string): Promise<boolean>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The admin page's data: users with their roles, every collection, and the changes an admin makes. */
export function useUsersAdmin(api: ApiClient, onChanged?: () => void): UsersAdmin {
  const [users, setUsers] = useState<ListedUser[] | undefined>(undefined);
  const [collections, setCollections] = useState<string[]>([]);
  const [editable, setEditable] = useState(false);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [actionError, setActionError] = useState<string | undefined>(undefined);
  const [newToken, setNewToken] = useState<{ user: string; token: string } | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const [list, all] = await Promise.all([api.listUsers(), api.listCollections()]);
      setUsers(list.users);
      setEditable(list.editable);
      setCollections(all.map((entry: CollectionAccess) => entry.name).sort());
      setLoadError(undefined);
    } catch (error) {
      setLoadError(message(error));
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Runs a change, reports a refusal, and reloads what the server now holds. */
  const change = useCallback(
    async (work: () => Promise<void>): Promise<boolean> => {
      setActionError(undefined);
      setNewToken(undefined);
      try {
        await work();
        return true;
      } catch (error) {
        setActionError(message(error));
        return false;
      } finally {
        await load();
        onChanged?.();
      }
    },
    [load, onChanged],
  );

  const saveUser = useCallback(
    (user: string, request: SaveUserRequest) =>
      change(async () => {
        const saved = await api.saveUser(user, request);
        // Only the answer that created the user carries a token; `change` cleared the previous one first.
        if (saved.token) setNewToken({ user: saved.user, token: saved.token });
      }),
    [api, change],
  );
  const removeUser = useCallback(async (user: string) => void (await change(() => api.removeUser(user))), [api, change]);
  const createCollection = useCallback((name: string) => change(async () => void (await api.createCollection(name))), [api, change]);

  return { users, collections, editable, loadError, actionError, newToken, saveUser, removeUser, createCollection };
}
