import { applyMigrations, loadMigrations, splitStatements } from '#core/store/migrator.js';
import { PgliteDatabase } from '#core/store/pglite-database.js';

describe('applyMigrations', () => {
  let db: PgliteDatabase;
  beforeEach(async () => {
    db = await PgliteDatabase.open();
  });
  afterEach(async () => {
    await db.close();
  });

  test('applies every migration once and records it; a second run applies nothing', async () => {
    // prepare
    const migrations = await loadMigrations();

    // act
    const first = await applyMigrations(db, migrations);
    const second = await applyMigrations(db, migrations);

    // assess
    expect(first.applied).toHaveLength(migrations.length);
    expect(second).toEqual({ applied: [], alreadyApplied: migrations.length });
    const recorded = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(recorded.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    const tables = await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['chunks', 'documents', 'job_events', 'jobs', 'job_documents']));
  });

  test('refuses a migration whose file changed after it was applied', async () => {
    // prepare
    const migrations = await loadMigrations();
    await applyMigrations(db, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));

    // act + assess
    await expect(applyMigrations(db, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  test('a failing migration rolls back and is not recorded', async () => {
    // prepare
    const broken = [{ version: 1, name: 'broken', sql: 'CREATE TABLE a (x int); SELECT * FROM missing_table;', checksum: 'x' }];

    // act
    await expect(applyMigrations(db, broken)).rejects.toThrow(/missing_table/);

    // assess
    const tables = await db.query("SELECT 1 FROM pg_tables WHERE tablename = 'a'");
    expect(tables).toHaveLength(0);
    expect(await db.query('SELECT * FROM schema_migrations')).toHaveLength(0);
  });

  test('the audit trail is append-only', async () => {
    // prepare
    await applyMigrations(db);
    await db.query("INSERT INTO jobs (id, status, origin) VALUES ('00000000-0000-4000-8000-000000000001', 'queued', 'test')");
    await db.query("INSERT INTO job_events (job_id, type) VALUES ('00000000-0000-4000-8000-000000000001', 'received')");

    // act + assess
    await expect(db.query("UPDATE job_events SET type = 'stored'")).rejects.toThrow(/append-only/);
  });
});

describe('splitStatements', () => {
  test.each([
    ['two statements', 'SELECT 1; SELECT 2;', ['SELECT 1', 'SELECT 2']],
    ['semicolon inside a string', "SELECT ';'; SELECT 2", ["SELECT ';'", 'SELECT 2']],
    ['doubled quote inside a string', "SELECT 'it''s; fine'", ["SELECT 'it''s; fine'"]],
    ['line comment with a semicolon', 'SELECT 1; -- a; b\nSELECT 2', ['SELECT 1', 'SELECT 2']],
    ['block comment', '/* x; y */ SELECT 1', ['SELECT 1']],
    [
      'dollar-quoted body',
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT 2',
      ['CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql', 'SELECT 2'],
    ],
    ['tagged dollar quote', 'SELECT $t$ a;b $t$', ['SELECT $t$ a;b $t$']],
    ['positional parameters are not dollar quotes', 'SELECT $1; SELECT $2', ['SELECT $1', 'SELECT $2']],
  ])('%s', (_name, script, expected) => {
    expect(splitStatements(script)).toEqual(expected);
  });
});
