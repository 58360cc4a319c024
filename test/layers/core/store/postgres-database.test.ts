import { PGlite } from '@electric-sql/pglite';
import { freePort } from '../../../support/free-port.js';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { contextualText } from '#core/chunking/chunk.js';
import { LocalHashingEmbeddingProvider } from '#core/embeddings/local-hashing-embedding-provider.js';
import { DatabaseUnavailableError } from '#core/errors.js';
import { applyMigrations } from '#core/store/migrator.js';
import { PgVectorStore } from '#core/store/pg-vector-store.js';
import { PostgresDatabase } from '#core/store/postgres-database.js';

describe('PostgresDatabase (the `postgres` driver path) over pglite-socket', () => {
  let pglite: PGlite;
  let server: PGLiteSocketServer;
  let db: PostgresDatabase;

  beforeAll(async () => {
    pglite = await PGlite.create({ extensions: { vector } });
    const port = await freePort();
    // One connection: PGlite is a single session, so the pool must not exceed the server's budget.
    server = new PGLiteSocketServer({ db: pglite, port, host: '127.0.0.1', maxConnections: 1 });
    await server.start();
    db = await PostgresDatabase.connect({ url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, max: 1 });
  });

  afterAll(async () => {
    await db.close();
    await server.stop();
    await pglite.close();
  });

  test('the same migrations and repository code work through the wire protocol', async () => {
    // prepare
    const report = await applyMigrations(db);
    const again = await applyMigrations(db);
    const embedder = new LocalHashingEmbeddingProvider({ dimensions: 64 });
    const store = new PgVectorStore(db);
    await store.bindEmbeddingModel(embedder.id, embedder.dimensions);
    const bodies = ['Abraham Lincoln was the sixteenth president.', 'Kangaroos hop across Australia.'];
    const chunks = bodies.map((body, ordinal) => ({ ordinal, header: 'Facts › Misc', body, headingPath: ['Misc'], page: ordinal + 1, tokenCount: 9 }));
    const { vectors } = await embedder.embed(chunks.map(contextualText), 'document');

    // act
    const saved = await store.replaceDocument(
      { source: 'facts.txt', contentHash: 'h1', title: 'Facts', format: 'txt', language: 'en', metadata: { pages: 2 }, byteSize: 80 },
      chunks.map((chunk, i) => ({ ...chunk, embedding: vectors[i]! })),
      'english',
    );
    const query = 'sixteenth president';
    const results = await store.search({ vector: (await embedder.embed([query], 'query')).vectors[0]!, text: query, k: 1 });
    const listed = await store.listDocuments();

    // assess
    expect(report.applied.length).toBeGreaterThan(0);
    expect(again.applied).toEqual([]);
    expect(saved.status).toBe('indexed');
    expect(listed).toEqual([expect.objectContaining({ source: 'facts.txt', chunkCount: 2, metadata: { pages: 2 }, byteSize: 80 })]);
    expect(results[0]).toMatchObject({ source: 'facts.txt', headingPath: ['Misc'], page: 1, text: bodies[0] });
    expect(typeof results[0]!.score).toBe('number');
  });

  test('a rolled-back transaction leaves nothing behind', async () => {
    // act
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO jobs (id, status, origin) VALUES ('00000000-0000-4000-8000-0000000000aa', 'queued', 'test')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    // assess
    expect(await db.query("SELECT id FROM jobs WHERE id = '00000000-0000-4000-8000-0000000000aa'")).toEqual([]);
  });
});

describe('PostgresDatabase.connect', () => {
  test('an unreachable server fails fast with a clear message and no password', async () => {
    // prepare
    const port = await freePort();

    // act
    const attempt = PostgresDatabase.connect({ url: `postgres://app:s3cret-pass@127.0.0.1:${port}/rag`, connectTimeoutSeconds: 2 });

    // assess
    await expect(attempt).rejects.toThrow(DatabaseUnavailableError);
    await expect(attempt).rejects.toThrow(`Cannot connect to PostgreSQL at postgres://app:***@127.0.0.1:${port}/rag`);
    await attempt.catch((error: Error) => expect(error.message).not.toContain('s3cret-pass'));
  });
});
