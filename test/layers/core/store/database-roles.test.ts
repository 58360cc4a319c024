import { contextualText } from '#core/chunking/chunk.js';
import { ConversationRepository } from '#core/chat-workflow/conversation-repository.js';
import { computeInsights } from '#core/insights/compute-insights.js';
import { recordFeedback } from '#core/insights/feedback-repository.js';
import { purgeExpiredQuestions } from '#core/insights/purge-expired-questions.js';
import { DATABASE_ROLES, applyDatabaseRoles, databaseRoleOf } from '#core/store/database-roles.js';
import { PgVectorStore } from '#core/store/pg-vector-store.js';
import { matchesScramVerifier } from '#core/store/scram-verifier.js';
import { openTestStore } from '../../../support/test-store.js';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

/**
 * Runs `work` with the session authorized as `role`, as a function connecting with that role's
 * login would (SET ROLE would not do: membership is then checked against the superuser session).
 */
async function as<T>(t: TestStore, role: string, work: () => Promise<T>): Promise<T> {
  await t.db.exec(`SET SESSION AUTHORIZATION ${role}`);
  try {
    return await work();
  } finally {
    await t.db.exec('SET SESSION AUTHORIZATION postgres');
  }
}

async function indexDocument(t: TestStore, store: PgVectorStore, source: string, body: string) {
  const chunk = { ordinal: 0, header: source, body, headingPath: [], tokenCount: 10 };
  const { vectors } = await t.embedder.embed([contextualText(chunk)], 'document');
  const document = { source, contentHash: `hash-${source}`, title: source, format: 'txt', language: 'en', metadata: {}, byteSize: body.length };
  return store.replaceDocument({ ...document, collection: source.split('/')[0]! }, [{ ...chunk, embedding: vectors[0]! }], 'english');
}

describe('database roles', () => {
  // One migrated database for the file: opening one costs seconds, and each test leaves the roles as it found them.
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
    await applyDatabaseRoles(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  test('each role runs the statements of its own code path', async () => {
    // prepare
    const store = new PgVectorStore(t.db, { indexPolicy: 'hnsw' });
    await store.bindEmbeddingModel(t.embedder.id, t.embedder.dimensions);
    const conversations = new ConversationRepository(t.db);
    const conversationId = '7d0b7a7e-8f61-4a0e-9d1e-0c6b1f1a2b3c';
    const question = await t.embedder.embed(['kangaroos'], 'query');

    // act
    const ingested = await as(t, 'rag_ingest', async () => {
      const jobId = await t.jobs.create('s3', [{ source: 'finance/kangaroos.txt' }], undefined, { collection: 'finance' });
      await t.jobs.markRunning(jobId);
      const outcome = await indexDocument(t, store, 'finance/kangaroos.txt', 'Kangaroos live in Australia and hop.');
      await indexDocument(t, store, 'handbook/koalas.txt', 'Koalas sleep in eucalyptus trees.');
      const index = await store.refreshIndex();
      const status = await t.jobs.recordDocument(jobId, 'finance/kangaroos.txt', { status: 'indexed', chunks: 1 }, { finish: true });
      return { outcome, index, status };
    });
    const chatted = await as(t, 'rag_chat', async () => {
      const scoped = await store.search({ vector: question.vectors[0]!, text: 'kangaroos', k: 5, scope: { collections: ['handbook'] } });
      const all = await store.search({ vector: question.vectors[0]!, text: 'kangaroos', k: 5 });
      const messageId = await conversations.appendTurn(conversationId, {
        userId: 'alice',
        user: 'Where do kangaroos live?',
        assistant: 'In Australia [1]',
        intent: 'question',
        language: 'en',
        citations: [],
      });
      const history = await conversations.history(conversationId, 10, 'alice');
      return { scoped, all, messageId, history };
    });
    const served = await as(t, 'rag_api', async () => {
      const listed = await store.listDocuments();
      const rated = await recordFeedback(t.db, 'alice', { messageId: chatted.messageId, rating: 'down' });
      const insights = await computeInsights(t.db, { days: 30, embeddingModel: t.embedder.id });
      const jobs = await t.jobs.list();
      const deleted = await store.deleteDocument('handbook/koalas.txt');
      const purged = await purgeExpiredQuestions(t.db, 30, new Date(Date.now() + 60 * 86_400_000));
      return { listed, rated, insights, jobs, deleted, purged };
    });

    // assess
    expect(ingested.outcome.status).toBe('indexed');
    expect(ingested.index).toMatchObject({ kind: 'hnsw', built: true });
    expect(ingested.status).toBe('succeeded');
    expect(chatted.scoped.map((hit) => hit.source)).toEqual(['handbook/koalas.txt']);
    expect(chatted.all.map((hit) => hit.source)).toContain('finance/kangaroos.txt');
    expect(chatted.history.map((turn) => turn.role)).toEqual(['user', 'assistant']);
    expect(served.listed.map((document) => document.source).sort()).toEqual(['finance/kangaroos.txt', 'handbook/koalas.txt']);
    expect(served.rated.rating).toBe('down');
    expect(served.insights.ratings.down).toBe(1);
    expect(served.jobs).toHaveLength(1);
    expect(served.deleted?.source).toBe('handbook/koalas.txt');
    expect(served.purged).toBe(2);
    const chunksLeft = await t.db.query<{ source: string }>('SELECT d.source FROM chunks c JOIN documents d ON d.id = c.document_id');
    expect(chunksLeft.map((row) => row.source)).toEqual(['finance/kangaroos.txt']);
  });

  test.each([
    ['rag_chat', 'DELETE FROM documents'],
    ['rag_chat', "INSERT INTO collections (name) VALUES ('x')"],
    ['rag_chat', 'DELETE FROM conversation_messages'],
    ['rag_chat', 'SELECT rag_drop_vector_index()'],
    ['rag_chat', "UPDATE index_settings SET value = '{}'"],
    [
      'rag_api',
      "INSERT INTO documents (id, source, content_hash, title, format, language, metadata, byte_size, chunk_count, embedding_model, collection) VALUES (gen_random_uuid(), 'x', 'h', 't', 'txt', 'en', '{}', 1, 0, 'm', 'default')",
    ],
    ['rag_api', 'DELETE FROM chunks'],
    ['rag_api', "UPDATE job_events SET detail = 'changed'"],
    ['rag_api', 'SELECT rag_drop_vector_index()'],
    ['rag_ingest', 'SELECT * FROM conversation_messages'],
    ['rag_ingest', 'SELECT * FROM message_feedback'],
    ['rag_ingest', 'DELETE FROM job_events'],
    ['rag_ingest', 'DROP TABLE chunks'],
    ['rag_ingest', 'SELECT * FROM schema_migrations'],
    ['rag_ingest', 'SELECT * FROM queue_messages'],
  ])('%s may not run %s', async (role, statement) => {
    // prepare
    const attempt = () =>
      t.db
        .transaction((tx) => tx.query(statement))
        .then(
          () => 'allowed',
          (error: Error) => error.message,
        );

    // act
    const outcome = await as(t, role, attempt);

    // assess
    expect(outcome).toMatch(/permission denied|must be owner/);
  });

  test('rag_chat reads as rag_reader only by switching to it, and its own rows are not filtered by the reader policies', async () => {
    // prepare
    await as(t, 'rag_ingest', () => indexDocument(t, t.store, 'finance/a.txt', 'Alpha'));
    const expected = await t.db.query('SELECT id FROM documents');

    // act
    const ownRows = await as(t, 'rag_chat', () => t.db.query('SELECT id FROM documents'));
    const readerRows = await as(t, 'rag_chat', () =>
      t.db.transaction(async (tx) => {
        await tx.query('SET LOCAL ROLE rag_reader');
        return tx.query('SELECT id FROM documents');
      }),
    );
    const ingestSwitch = await as(t, 'rag_ingest', () =>
      t.db.exec('SET ROLE rag_reader').then(
        () => 'allowed',
        (error: Error) => error.message,
      ),
    );

    // assess
    expect(ownRows).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(readerRows).toHaveLength(0);
    expect(ingestSwitch).toMatch(/permission denied/);
  });

  test('logins get the password as a SCRAM verifier; a second run keeps the grants and a role without a login stays NOLOGIN', async () => {
    // prepare
    const logins = [
      { role: 'rag_chat', password: 'chat-password-1' },
      { role: 'rag_api', password: 'api-password-2' },
    ];

    // act
    await applyDatabaseRoles(t.db, logins);
    await applyDatabaseRoles(t.db, logins);

    // assess
    const roles = await t.db.query<{ rolname: string; rolcanlogin: boolean; rolpassword: string | null }>(
      "SELECT rolname, rolcanlogin, rolpassword FROM pg_authid WHERE rolname LIKE 'rag\\_%' ORDER BY rolname",
    );
    const byName = new Map(roles.map((role) => [role.rolname, role]));
    expect(byName.get('rag_chat')?.rolcanlogin).toBe(true);
    expect(matchesScramVerifier('chat-password-1', byName.get('rag_chat')!.rolpassword!)).toBe(true);
    expect(matchesScramVerifier('api-password-2', byName.get('rag_chat')!.rolpassword!)).toBe(false);
    expect(matchesScramVerifier('api-password-2', byName.get('rag_api')!.rolpassword!)).toBe(true);
    expect(byName.get('rag_ingest')).toMatchObject({ rolcanlogin: false, rolpassword: null });
    const grants = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.role_table_grants WHERE grantee = 'rag_chat' AND table_name = 'documents'",
    );
    expect(grants[0]!.n).toBe(1);
  });

  test('a verifier PostgreSQL computed itself matches the password it was made from, and no other', async () => {
    // prepare
    await t.db.exec("SET password_encryption = 'scram-sha-256'; CREATE ROLE scram_probe_role LOGIN PASSWORD 'right-password'");

    // act
    const stored = await t.db.query<{ rolpassword: string }>("SELECT rolpassword FROM pg_authid WHERE rolname = 'scram_probe_role'");

    // assess
    expect(matchesScramVerifier('right-password', stored[0]!.rolpassword)).toBe(true);
    expect(matchesScramVerifier('wrong-password', stored[0]!.rolpassword)).toBe(false);
  });

  test('every deployed database function has exactly one role, and the migration none', () => {
    // prepare
    const services = ['rag-ingest', 'rag-chat-improve', 'rag-chat-retrieve', 'rag-chat-answer', 'rag-documents-api', 'rag-jobs-api', 'rag-feedback-api'];

    // act
    const roles = services.map((service) => databaseRoleOf(service)?.name);

    // assess
    expect(roles).toEqual(['rag_ingest', 'rag_chat', 'rag_chat', 'rag_chat', 'rag_api', 'rag_api', 'rag_api']);
    expect(databaseRoleOf('rag-migrate')).toBeUndefined();
    expect(new Set(DATABASE_ROLES.flatMap((role) => role.services)).size).toBe(DATABASE_ROLES.flatMap((role) => role.services).length);
  });
});
