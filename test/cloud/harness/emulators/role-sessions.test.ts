import net from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { scramVerifier } from '#core/store/scram-verifier.js';
import { RoleSessions } from './role-sessions.js';

/**
 * The harness database's logins, through the real `postgres` driver: passwords are checked against the stored
 * SCRAM verifiers, each connection runs as its own role, and connections sharing PGlite's one session do not run
 * inside each other's transactions.
 */
describe('RoleSessions', () => {
  let pglite: PGlite;
  let sessions: RoleSessions;
  let server: net.Server;
  let port: number;
  const clients: postgres.Sql[] = [];
  const connect = (username: string, password: string) => {
    const sql = postgres({ host: '127.0.0.1', port, username, password, database: 'postgres', max: 1, connect_timeout: 5, onnotice: () => {} });
    clients.push(sql);
    return sql;
  };

  beforeAll(async () => {
    pglite = await PGlite.create();
    await pglite.exec(`
      CREATE ROLE reader LOGIN PASSWORD '${scramVerifier('reader-password')}';
      CREATE ROLE writer LOGIN PASSWORD '${scramVerifier('writer-password')}';
      CREATE ROLE nologin PASSWORD '${scramVerifier('nologin-password')}';
      CREATE TABLE notes (body text);
      GRANT SELECT ON notes TO reader;
      GRANT SELECT, INSERT ON notes TO writer;
    `);
    sessions = new RoleSessions(pglite);
    server = net.createServer((socket) => sessions.attach(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as net.AddressInfo).port;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((sql) => sql.end({ timeout: 1 })));
    await sessions.superuserQuery('DELETE FROM notes');
  });
  afterAll(async () => {
    sessions.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await pglite.close();
  });

  test.each([
    ['a wrong password', 'reader', 'not-the-password'],
    ['an unknown user', 'nobody', 'reader-password'],
    ['a role without LOGIN', 'nologin', 'nologin-password'],
  ])('%s is refused as PostgreSQL refuses it', async (_case, username, password) => {
    // prepare
    const failuresBefore = sessions.authenticationFailures;

    // act
    const outcome = await connect(username, password)`SELECT 1`.then(
      () => 'connected',
      (error: Error) => error.message,
    );

    // assess
    expect(outcome).toBe(`password authentication failed for user "${username}"`);
    expect(sessions.authenticationFailures).toBe(failuresBefore + 1);
  });

  test('each connection runs as its own role, with only its grants', async () => {
    // prepare
    const reader = connect('reader', 'reader-password');
    const writer = connect('writer', 'writer-password');

    // act: turns alternate between the two logins on the one session
    const [readerUser, writerUser] = await Promise.all([reader`SELECT current_user AS name`, writer`SELECT current_user AS name`]);
    await writer`INSERT INTO notes VALUES ('from the writer')`;
    const refused = await reader`INSERT INTO notes VALUES ('from the reader')`.then(
      () => 'inserted',
      (error: Error) => error.message,
    );
    const seen = await reader`SELECT body FROM notes`;

    // assess
    expect([readerUser[0]!.name, writerUser[0]!.name]).toEqual(['reader', 'writer']);
    expect(refused).toBe('permission denied for table notes');
    expect(seen.map((row) => row.body)).toEqual(['from the writer']);
    expect(sessions.logins).toEqual(expect.arrayContaining(['reader', 'writer']));
  });

  test("another connection's statements wait for an open transaction instead of running inside it", async () => {
    // prepare
    const inTransaction = connect('writer', 'writer-password');
    const other = connect('writer', 'writer-password');
    await other`SELECT 1`;
    let otherInserted = false;

    // act
    await inTransaction
      .begin(async (tx) => {
        await tx`INSERT INTO notes VALUES ('rolled back')`;
        const pending = other`INSERT INTO notes VALUES ('kept')`.then(() => {
          otherInserted = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(otherInserted).toBe(false);
        void pending;
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await other`SELECT 1`;

    // assess
    expect(otherInserted).toBe(true);
    expect((await sessions.superuserQuery<{ body: string }>('SELECT body FROM notes')).map((row) => row.body)).toEqual(['kept']);
  });

  test('a reply with a notice reaches the client whole', async () => {
    // prepare: the notice and the command's reply come from PGlite as separate pieces of one buffer
    const writer = connect('writer', 'writer-password');
    await sessions.superuserQuery('GRANT CREATE ON SCHEMA public TO writer');

    // act
    const replies = [];
    for (let i = 0; i < 3; i += 1) replies.push(await writer.unsafe('CREATE TABLE IF NOT EXISTS drafts (body text)'));
    const after = await writer`SELECT current_user AS name`;

    // assess
    expect(replies).toHaveLength(3);
    expect(after[0]!.name).toBe('writer');
  }, 15_000);

  test('a client gone inside its transaction has it rolled back, and the others go on', async () => {
    // prepare
    const leaving = connect('writer', 'writer-password');
    const staying = connect('writer', 'writer-password');
    await staying`SELECT 1`;

    // act
    const reserved = await leaving.reserve();
    await reserved`BEGIN`;
    await reserved`INSERT INTO notes VALUES ('never committed')`;
    await leaving.end({ timeout: 0 });
    await staying`INSERT INTO notes VALUES ('committed')`;

    // assess
    expect((await sessions.superuserQuery<{ body: string }>('SELECT body FROM notes')).map((row) => row.body)).toEqual(['committed']);
  });
});
