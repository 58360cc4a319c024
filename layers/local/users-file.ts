import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { CollectionRole } from '#core/access/access-policy.js';
import { assertCollectionName } from '#core/store/collection-name.js';
import { ConfigError } from '#core/errors.js';
import { type LocalUser, parseLocalUsers } from './http/local-users.js';

/** Reads a users file; a missing file is no users yet. */
export async function readUsersFile(file: string): Promise<LocalUser[]> {
  if (!existsSync(file)) return [];
  return parseLocalUsers(await readFile(file, 'utf8'), `users file ${file}`);
}

/** Writes the users file whole, through a rename, so the server never reads half a file. Owner-only: it holds tokens. */
export async function writeUsersFile(file: string, users: readonly LocalUser[]): Promise<void> {
  const staged = `${file}.${process.pid}.tmp`;
  await writeFile(staged, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
  await rename(staged, file);
}

/** Parses `finance:editor` (the role defaults to reader). */
export function parseGrant(value: string): [string, CollectionRole] {
  const [name, role = 'reader', ...rest] = value.split(':');
  if (rest.length > 0 || (role !== 'reader' && role !== 'editor')) throw new ConfigError(`"${value}" is not a grant: use <collection>[:reader|:editor]`);
  return [assertCollectionName(name), role];
}

/** Adds a user (or replaces their grants), with a fresh token unless one is given; returns the user as stored. */
export function addUser(
  users: readonly LocalUser[],
  entry: { user: string; grants: [string, CollectionRole][]; admin?: boolean; token?: string },
): { users: LocalUser[]; added: LocalUser } {
  const existing = users.find((u) => u.user === entry.user);
  const added: LocalUser = {
    user: entry.user,
    token: entry.token ?? existing?.token ?? randomBytes(24).toString('base64url'),
    ...(entry.admin ? { admin: true } : {}),
    ...(entry.grants.length > 0 ? { collections: Object.fromEntries(entry.grants) } : {}),
  };
  const next = [...users.filter((u) => u.user !== entry.user), added];
  // Validates the whole list (names, token length, duplicates) before anything is written.
  parseLocalUsers(JSON.stringify(next), 'the users file');
  return { users: next, added };
}

export function removeUser(users: readonly LocalUser[], user: string): LocalUser[] | undefined {
  return users.some((u) => u.user === user) ? users.filter((u) => u.user !== user) : undefined;
}
