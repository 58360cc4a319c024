import type { Database, SqlExecutor } from './database.js';
import { scramVerifier } from './scram-verifier.js';
import { READER_ROLE } from './search-scope.js';

/**
 * The database users of the AWS deployment, one per group of functions, each with only the
 * privileges its code path needs. The migration function (master user) creates them and
 * re-applies these grants after every migration run, so a table added by a later migration is
 * reachable only once a grant here names it: add the grant with the migration.
 *
 * Row-level security is on for documents and chunks (migration 005). Its policies for
 * `rag_reader` guard the search a user makes; these roles see every row through a policy of
 * their own, because their SQL already scopes what it reads and writes (a grant limits the
 * commands, the policy only lets the rows through).
 */
export interface DatabaseRole {
  readonly name: string;
  /** Why this role exists and what it may do. */
  readonly purpose: string;
  /** The Powertools service names of the functions that connect as this role. */
  readonly services: readonly string[];
  /** GRANT statements, each on objects the migrations created. */
  readonly grants: readonly string[];
  /** Tables with row-level security this role works on, and for which commands. */
  readonly rowAccess: readonly { table: 'documents' | 'chunks'; command: 'ALL' | 'SELECT' }[];
  /** May `SET LOCAL ROLE rag_reader` for a user's search (search-scope.ts), without inheriting it. */
  readonly switchesToReader: boolean;
}

/** The owner functions of migration 007, the only functions a role is granted. */
const VECTOR_INDEX_FUNCTIONS = 'rag_create_vector_index(text, integer, integer, integer, text), rag_drop_vector_index()';

export const DATABASE_ROLES: readonly DatabaseRole[] = [
  {
    name: 'rag_ingest',
    purpose:
      'The ingest function: replaces and deletes documents and their chunks, records jobs and their audit events, binds the embedding model in index_settings and builds or drops the HNSW index through the owner functions of migration 007.',
    services: ['rag-ingest'],
    grants: [
      'GRANT SELECT, INSERT, UPDATE, DELETE ON documents TO rag_ingest',
      'GRANT SELECT, INSERT, DELETE ON chunks TO rag_ingest',
      'GRANT SELECT, INSERT ON collections TO rag_ingest',
      'GRANT SELECT, INSERT, UPDATE ON index_settings TO rag_ingest',
      // SELECT … FOR UPDATE on job_documents needs UPDATE, which finishing a document needs anyway.
      'GRANT SELECT, INSERT, UPDATE ON jobs, job_documents TO rag_ingest',
      // The audit trail is append-only: no UPDATE (a trigger refuses it too) and no DELETE.
      'GRANT SELECT, INSERT ON job_events TO rag_ingest',
      'GRANT USAGE ON SEQUENCE job_events_id_seq TO rag_ingest',
      `GRANT EXECUTE ON FUNCTION ${VECTOR_INDEX_FUNCTIONS} TO rag_ingest`,
    ],
    rowAccess: [
      { table: 'documents', command: 'ALL' },
      { table: 'chunks', command: 'ALL' },
    ],
    switchesToReader: false,
  },
  {
    name: 'rag_chat',
    purpose:
      "The chat steps (improve, retrieve, answer): read documents, chunks and the index settings, switch to rag_reader for a user's search, and read and append conversation turns. They never change the index.",
    services: ['rag-chat-improve', 'rag-chat-retrieve', 'rag-chat-answer'],
    grants: [
      'GRANT SELECT ON documents, chunks, collections, index_settings TO rag_chat',
      // A turn touches its conversation (updated_at) and appends messages; it never deletes.
      'GRANT SELECT, INSERT, UPDATE ON conversations TO rag_chat',
      'GRANT SELECT, INSERT ON conversation_messages TO rag_chat',
      'GRANT USAGE ON SEQUENCE conversation_messages_id_seq TO rag_chat',
    ],
    rowAccess: [
      { table: 'documents', command: 'SELECT' },
      { table: 'chunks', command: 'SELECT' },
    ],
    switchesToReader: true,
  },
  {
    name: 'rag_api',
    purpose:
      'The documents, jobs and feedback APIs: list and delete documents (their chunks go by the foreign key, as the owner), create upload jobs and read jobs, record ratings, compute insights, and purge questions older than the retention. They never write documents or chunks.',
    services: ['rag-documents-api', 'rag-jobs-api', 'rag-feedback-api'],
    grants: [
      'GRANT SELECT, DELETE ON documents TO rag_api',
      'GRANT SELECT ON chunks, index_settings TO rag_api',
      'GRANT SELECT, INSERT ON collections TO rag_api',
      'GRANT SELECT, INSERT ON jobs, job_documents, job_events TO rag_api',
      'GRANT USAGE ON SEQUENCE job_events_id_seq TO rag_api',
      // The retention purge deletes old turns and the conversations they leave empty.
      'GRANT SELECT, DELETE ON conversations, conversation_messages TO rag_api',
      // A repeat rating replaces the earlier one (INSERT … ON CONFLICT DO UPDATE).
      'GRANT SELECT, INSERT, UPDATE ON message_feedback TO rag_api',
    ],
    rowAccess: [
      { table: 'documents', command: 'ALL' },
      { table: 'chunks', command: 'SELECT' },
    ],
    switchesToReader: false,
  },
];

/** The role a deployed function connects as, by its Powertools service name; undefined for the migration (master user). */
export function databaseRoleOf(serviceName: string): DatabaseRole | undefined {
  return DATABASE_ROLES.find((role) => role.services.includes(serviceName));
}

/** A role's login password, read from its secret by the migration function. */
export interface DatabaseLogin {
  readonly role: string;
  readonly password: string;
}

/**
 * Creates the roles that do not exist yet, sets the login passwords given, and re-applies every
 * role's grants and policies from scratch, in one transaction: running it twice changes nothing,
 * and a grant removed here is revoked on the next run. A role without a login stays NOLOGIN.
 */
export async function applyDatabaseRoles(db: Database, logins: readonly DatabaseLogin[] = []): Promise<void> {
  const unknown = logins.filter((login) => !DATABASE_ROLES.some((role) => role.name === login.role));
  if (unknown.length > 0) throw new Error(`No database role named ${unknown.map((login) => login.role).join(', ')}`);
  await db.transaction(async (tx) => {
    // The same lock as the migrator: two deploys never interleave their DDL.
    await tx.query('SELECT pg_advisory_xact_lock(7431001)');
    for (const role of DATABASE_ROLES) {
      await createRole(tx, role.name);
      const login = logins.find((candidate) => candidate.role === role.name);
      // Only a SCRAM verifier reaches the server, never the password itself (it would be in the statement text and its logs).
      if (login) await executeFormatted(tx, 'ALTER ROLE %I WITH LOGIN PASSWORD %L', [role.name, scramVerifier(login.password)]);
      await tx.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role.name}`);
      await tx.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role.name}`);
      await tx.query(`REVOKE ALL ON FUNCTION ${VECTOR_INDEX_FUNCTIONS} FROM ${role.name}`);
      await tx.query(`GRANT USAGE ON SCHEMA public TO ${role.name}`);
      for (const grant of role.grants) await tx.query(grant);
      for (const table of ['documents', 'chunks'] as const) {
        const policy = `${table}_${role.name}`;
        await tx.query(`DROP POLICY IF EXISTS ${policy} ON ${table}`);
        const access = role.rowAccess.find((entry) => entry.table === table);
        if (!access) continue;
        const check = access.command === 'ALL' ? ' WITH CHECK (true)' : '';
        await tx.query(`CREATE POLICY ${policy} ON ${table} FOR ${access.command} TO ${role.name} USING (true)${check}`);
      }
      // SET but not INHERIT: the role may become rag_reader for a search, but its own queries are not subject to rag_reader's policies.
      if (role.switchesToReader) await tx.query(`GRANT ${READER_ROLE} TO ${role.name} WITH INHERIT FALSE, SET TRUE`);
      else await tx.query(`REVOKE ${READER_ROLE} FROM ${role.name}`);
    }
  });
}

async function createRole(tx: SqlExecutor, name: string): Promise<void> {
  const existing = await tx.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  if (existing.length === 0) await tx.query(`CREATE ROLE ${name} NOLOGIN`);
}

/** Runs a utility statement whose identifiers and literals PostgreSQL's format() quotes (utility statements take no bind parameters). */
async function executeFormatted(tx: SqlExecutor, template: string, args: readonly string[]): Promise<void> {
  const placeholders = args.map((_, i) => `$${i + 2}::text`).join(', ');
  const rows = await tx.query<{ statement: string }>(`SELECT format($1::text, ${placeholders}) AS statement`, [template, ...args]);
  await tx.query(rows[0]!.statement);
}
