import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '#core/access/access-policy.js';
import { createCollectionSchema, type ListedUser, type SavedUser, saveUserSchema, userPathSchema } from '#core/contract/access-contract.js';
import { parseRequest } from '#core/contract/parse-request.js';
import { RagError } from '#core/errors.js';
import type { SqlExecutor } from '#core/store/database.js';
import { addUser, readUsersFile, removeUser, writeUsersFile } from '../users-file.js';
import type { LocalIdentities, LocalUser } from './local-users.js';

export interface AdminRouteDependencies {
  db: SqlExecutor;
  identities: LocalIdentities;
  /** The caller of the request; the onRequest hook has refused it without one. */
  principalOf(request: FastifyRequest): Principal;
}

const listed = (user: LocalUser): ListedUser => ({ user: user.user, admin: user.admin === true, collections: { ...(user.collections ?? {}) } });

function requireAdmin(deps: AdminRouteDependencies, request: FastifyRequest): Principal {
  const principal = deps.principalOf(request);
  if (!principal.admin) throw new RagError('forbidden', 'Only an admin may manage users and collections.');
  return principal;
}

/**
 * Users and collections, for admins (403 to anyone else). Users are written through the same
 * users-file module as `rag users`, so the server and the CLI keep one file; tokens never leave
 * the server except once, in the answer that creates a user.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDependencies): void {
  // Each change reads, edits and writes the whole file: one at a time, so none is lost.
  let writing: Promise<unknown> = Promise.resolve();
  const serially = <T>(change: () => Promise<T>): Promise<T> => {
    const next = writing.then(change, change);
    writing = next.catch(() => {});
    return next;
  };

  const editableFile = (): string => {
    const file = deps.identities.usersFile;
    if (!file) {
      throw new RagError('conflict', 'Users are set inline in RAG_USERS (or not at all); point RAG_USERS at a users file to manage them here.');
    }
    return file;
  };

  const ensureCollections = async (names: readonly string[]) => {
    if (names.length > 0) await deps.db.query('INSERT INTO collections (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [[...names]]);
  };

  app.get('/api/users', async (request) => {
    requireAdmin(deps, request);
    const file = deps.identities.usersFile;
    const users = file ? await readUsersFile(file) : deps.identities.users();
    return { editable: file !== undefined, users: users.map(listed).sort((a, b) => a.user.localeCompare(b.user)) };
  });

  app.put('/api/users/:user', async (request, reply) => {
    const principal = requireAdmin(deps, request);
    const { user } = parseRequest(userPathSchema, request.params);
    const body = parseRequest(saveUserSchema, request.body ?? {});
    const file = editableFile();
    if (user === principal.user && body.admin !== true) {
      throw new RagError('conflict', 'You cannot take away your own admin rights; ask another admin.');
    }
    const saved = await serially(async () => {
      const users = await readUsersFile(file);
      const created = !users.some((u) => u.user === user);
      const grants = Object.entries(body.collections ?? {});
      const { users: next, added } = addUser(users, { user, grants, admin: body.admin === true });
      await ensureCollections(grants.map(([name]) => name));
      await writeUsersFile(file, next);
      deps.identities.forgetFile();
      return { created, added };
    });
    const answer: SavedUser = { ...listed(saved.added), ...(saved.created ? { token: saved.added.token } : {}) };
    return reply.status(saved.created ? 201 : 200).send(answer);
  });

  app.delete('/api/users/:user', async (request, reply) => {
    const principal = requireAdmin(deps, request);
    const { user } = parseRequest(userPathSchema, request.params);
    const file = editableFile();
    if (user === principal.user) throw new RagError('conflict', 'You cannot remove yourself; ask another admin.');
    await serially(async () => {
      const next = removeUser(await readUsersFile(file), user);
      if (!next) throw new RagError('not_found', `No user ${user}.`);
      await writeUsersFile(file, next);
      deps.identities.forgetFile();
    });
    return reply.status(204).send();
  });

  app.post('/api/collections', async (request, reply) => {
    requireAdmin(deps, request);
    const { name } = parseRequest(createCollectionSchema, request.body ?? {});
    const inserted = await deps.db.query<{ name: string }>('INSERT INTO collections (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING name', [name]);
    if (inserted.length === 0) throw new RagError('conflict', `The collection "${name}" already exists.`);
    return reply.status(201).send({ name, role: 'admin' });
  });
}
