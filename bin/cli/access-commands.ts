import type { RagRuntime } from '#core/runtime/index.js';
import { UsageError } from './collect-files.js';
import { addUser, parseGrant, readUsersFile, removeUser, writeUsersFile } from '#local/users-file.js';
import { formatTable, printJson, printLine } from './output.js';

/** `rag collections`: every collection with its document and chunk counts. */
export async function collectionsCommand(runtime: RagRuntime, options: { json?: boolean }): Promise<number> {
  const rows = await runtime.db.query<{ name: string; documents: number; chunks: number }>(
    `SELECT c.name, count(d.id)::int AS documents, coalesce(sum(d.chunk_count), 0)::int AS chunks
     FROM collections c LEFT JOIN documents d ON d.collection = c.name GROUP BY c.name ORDER BY c.name`,
  );
  if (options.json) printJson(rows);
  else
    printLine(
      formatTable(
        ['collection', 'documents', 'chunks'],
        rows.map((r) => [r.name, String(r.documents), String(r.chunks)]),
      ),
    );
  return 0;
}

/** The users file `rag users` edits: `--file`, else RAG_USERS when it names a file. */
export function usersFilePath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const file = option ?? env.RAG_USERS?.trim();
  if (!file || file.startsWith('[')) throw new UsageError('name the users file with --file, or set RAG_USERS to its path (not inline JSON)');
  return file;
}

/** `rag users list|add|remove`. Tokens are printed once, when a user is added, and never listed. */
export async function usersCommand(
  action: string,
  user: string | undefined,
  options: { file?: string; collection?: string[]; admin?: boolean; json?: boolean },
): Promise<number> {
  const file = usersFilePath(options.file);
  const users = await readUsersFile(file);
  if (action === 'list') {
    const listed = users.map((u) => ({ user: u.user, admin: u.admin === true, collections: u.collections ?? {} }));
    if (options.json) printJson(listed);
    else
      printLine(
        formatTable(
          ['user', 'admin', 'collections'],
          listed.map((u) => [
            u.user,
            u.admin ? 'yes' : '',
            Object.entries(u.collections)
              .map(([c, r]) => `${c}:${r}`)
              .join(', '),
          ]),
        ),
      );
    return 0;
  }
  if (!user) throw new UsageError(`rag users ${action} needs a user name`);
  if (action === 'add') {
    const { users: next, added } = addUser(users, { user, grants: (options.collection ?? []).map(parseGrant), admin: options.admin });
    await writeUsersFile(file, next);
    if (options.json) printJson(added);
    else printLine(`${added.user} saved in ${file}. Token (shown once): ${added.token}`);
    return 0;
  }
  if (action === 'remove') {
    const next = removeUser(users, user);
    if (!next) {
      process.stderr.write(`No user ${user} in ${file}\n`);
      return 1;
    }
    await writeUsersFile(file, next);
    if (options.json) printJson({ removed: user });
    else printLine(`${user} removed from ${file}.`);
    return 0;
  }
  throw new UsageError(`unknown action "${action}": use list, add or remove`);
}
