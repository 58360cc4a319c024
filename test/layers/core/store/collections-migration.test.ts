import { applyMigrations, loadMigrations } from '#core/store/migrator.js';
import { PgliteDatabase } from '#core/store/pglite-database.js';

describe('migration 005: collections and access', () => {
  let db: PgliteDatabase;
  beforeEach(async () => {
    db = await PgliteDatabase.open();
  });
  afterEach(async () => {
    await db.close();
  });

  test('an upgrade from the schema of migrations 001–004 keeps every document, in the default collection', async () => {
    // prepare: today's schema with documents, a conversation and a job in it
    const migrations = await loadMigrations();
    await applyMigrations(
      db,
      migrations.filter((m) => m.version <= 4),
    );
    const sources = ['a.txt', 'b/c.md', 'sftp-user/report.pdf'];
    for (const [i, source] of sources.entries()) {
      await db.query(
        `INSERT INTO documents (id, source, content_hash, title, format, language, byte_size, chunk_count, embedding_model)
         VALUES ($1, $2, 'h', 'T', 'txt', 'en', 1, 0, 'm')`,
        [`00000000-0000-4000-8000-00000000000${i}`, source],
      );
    }
    await db.query("INSERT INTO conversations (id) VALUES ('00000000-0000-4000-8000-0000000000c1')");
    await db.query("INSERT INTO jobs (id, status, origin) VALUES ('00000000-0000-4000-8000-0000000000a1', 'queued', 'http')");

    // act
    const report = await applyMigrations(db, migrations);

    // assess
    expect(report.applied).toContain('005_collections_and_access');
    const documents = await db.query<{ source: string; collection: string }>('SELECT source, collection FROM documents ORDER BY source');
    expect(documents).toEqual(sources.sort().map((source) => ({ source, collection: 'default' })));
    const conversations = await db.query<{ user_id: string }>('SELECT user_id FROM conversations');
    expect(conversations).toEqual([{ user_id: 'anonymous' }]);
    const jobs = await db.query<{ uploader: string | null; collection: string | null }>('SELECT uploader, collection FROM jobs');
    expect(jobs).toEqual([{ uploader: null, collection: null }]);
  });

  test('a document must name an existing collection', async () => {
    // prepare
    await applyMigrations(db);

    // act
    const insert = db.query(
      `INSERT INTO documents (id, source, content_hash, title, format, language, byte_size, chunk_count, embedding_model, collection)
       VALUES ('00000000-0000-4000-8000-000000000001', 'x', 'h', 'T', 'txt', 'en', 1, 0, 'm', 'nowhere')`,
    );

    // assess
    await expect(insert).rejects.toThrow(/foreign key/);
  });
});

describe('collection names', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await applyMigrations(db);
  });
  afterAll(async () => {
    await db.close();
  });

  test.each([
    ['finance', true],
    ['hr-2024_q1', true],
    ['Finance', false],
    ['a,b', false],
    ['', false],
    ['-x', false],
  ])('%j accepted: %s', async (name, accepted) => {
    // act
    const insert = db.query('INSERT INTO collections (name) VALUES ($1)', [name]);

    // assess
    if (accepted) await expect(insert).resolves.toEqual([]);
    else await expect(insert).rejects.toThrow(/check constraint/);
  });
});
