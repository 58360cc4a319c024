import type { Duplex } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import { matchesScramVerifier } from '#core/store/scram-verifier.js';

const PROTOCOL_3 = 196608;
/** The code of the 8-byte SSLRequest a Postgres client sends before TLS. */
export const SSL_REQUEST_CODE = 80877103;
/** The superuser PGlite starts as; the harness's own queries run as it. */
const SUPERUSER = 'postgres';

/** A PostgreSQL backend message: type byte, length, body. */
function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

/** An ErrorResponse as PostgreSQL sends it when authentication fails. */
function authenticationError(user: string): Buffer {
  const fields = ['SFATAL', 'VFATAL', 'C28P01', `Mpassword authentication failed for user "${user}"`].map((field) => Buffer.from(`${field}\0`, 'utf8'));
  return message('E', Buffer.concat([...fields, Buffer.from([0])]));
}

class Connection {
  role = '';
  state: 'startup' | 'password' | 'authenticating' | 'ready' | 'closed' = 'startup';
  buffer = Buffer.alloc(0);
  startup?: Buffer;

  constructor(readonly socket: Duplex) {}

  write(data: Uint8Array): void {
    if (this.state !== 'closed' && data.length > 0 && this.socket.writable) this.socket.write(data);
  }
}

/** One turn on the shared session: a connection's message, or the harness's own work (no connection). */
interface Turn {
  connection?: Connection;
  run: () => Promise<void>;
}

/**
 * PGlite is one PostgreSQL session; the functions open many connections, each as its own login. This schedules the
 * connections on that session as @electric-sql/pglite-socket does, one turn at a time (a turn being a connection's
 * messages up to where it waits for an answer). While a transaction is open only its connection's turns run, so a
 * new connection's start-up waits for it, as does any harness query. It adds what a PostgreSQL server does with a
 * login: it asks for the password (cleartext, inside the TLS the proxy terminates), checks it against the role's
 * SCRAM verifier in pg_authid, refusing a role without LOGIN, and runs each of the connection's turns as that role
 * (SET SESSION AUTHORIZATION before a turn whose role is not the session's; privileges are checked when a statement
 * executes, so a statement prepared by one connection and executed by it after another's turn still runs as its
 * own role).
 */
export class RoleSessions {
  /** Connections refused for a wrong password, an unknown user or a role that may not log in. */
  authenticationFailures = 0;
  /** The roles connections authenticated as, in order. */
  readonly logins: string[] = [];
  /** The role the session runs as; undefined when unknown (after a connection's start-up). */
  private sessionRole: string | undefined = SUPERUSER;
  private readonly turns: Turn[] = [];
  private processing = false;
  /** Whose turn ran last: while a transaction is open, only that connection's turns may run. */
  private last: Connection | undefined;
  private stopped = false;

  constructor(private readonly pglite: PGlite) {}

  /** Serves one client connection (already past TLS). */
  attach(socket: Duplex): void {
    const connection = new Connection(socket);
    socket.on('data', (data: Buffer) => {
      connection.buffer = Buffer.concat([connection.buffer, data]);
      this.read(connection);
    });
    socket.on('close', () => void this.detach(connection));
    socket.on('error', () => socket.destroy());
  }

  /** Stops serving before PGlite closes: what is queued is dropped, and connections closing later touch nothing. */
  stop(): void {
    this.stopped = true;
    this.turns.length = 0;
  }

  /** Runs a harness query as the superuser, in its turn between the connections' turns. */
  superuserQuery<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    if (this.stopped) return Promise.reject(new Error('the harness database is closed'));
    return new Promise<Row[]>((resolve, reject) => {
      this.enqueue({
        run: async () => {
          try {
            await this.becomeRole(SUPERUSER);
            resolve((await this.pglite.query<Row>(sql, params)).rows);
          } catch (error) {
            reject(error);
          }
        },
      });
    });
  }

  /** Splits what a connection sent into batches of messages and queues each as one turn, in order. */
  private read(connection: Connection): void {
    while (connection.state !== 'closed') {
      if (connection.state === 'startup') {
        if (connection.buffer.length < 8) return;
        const length = connection.buffer.readInt32BE(0);
        if (connection.buffer.length < length) return;
        const packet = Buffer.from(connection.buffer.subarray(0, length));
        connection.buffer = connection.buffer.subarray(length);
        const code = packet.readInt32BE(4);
        if (code === SSL_REQUEST_CODE) {
          connection.socket.write('N');
          continue;
        }
        if (code !== PROTOCOL_3) {
          // A CancelRequest (nothing to cancel in one shared session) or an unknown protocol.
          connection.state = 'closed';
          connection.socket.end();
          return;
        }
        const fields = packet.subarray(8).toString('utf8').split('\0');
        for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'user') connection.role = fields[i + 1]!;
        connection.startup = packet;
        connection.state = 'password';
        // AuthenticationCleartextPassword: the proxy already made the channel TLS.
        connection.socket.write(message('R', int32(3)));
        continue;
      }
      if (connection.state !== 'password' && connection.state !== 'ready') return;
      const batch = this.takeBatch(connection);
      if (!batch) return;
      if (connection.state === 'password') {
        // Nothing more comes from the client until it is told whether its password was right.
        connection.state = 'authenticating';
        this.enqueue({ connection, run: () => this.authenticate(connection, batch[0]!) });
        return;
      }
      const terminate = batch.at(-1)![0] === 0x58; /* X: Terminate */
      if (terminate) batch.pop();
      if (batch.length > 0)
        this.enqueue({
          connection,
          run: async () => {
            await this.becomeRole(connection.role);
            for (const packet of batch) connection.write(await this.execute(packet));
          },
        });
      if (terminate) {
        // After the turns it queued before, so a transaction it left open is rolled back as it closes.
        this.enqueue({ connection, run: async () => void connection.socket.end() });
        return;
      }
    }
  }

  /**
   * The complete messages buffered up to a point where the client waits for an answer (Sync, a simple Query, Flush,
   * the end of a COPY, Terminate, or a password), taken as one turn: a Parse, Bind and Execute of one connection are
   * never split by another connection's statements, which could replace its unnamed statement or portal.
   */
  private takeBatch(connection: Connection): Buffer[] | undefined {
    const batch: Buffer[] = [];
    let offset = 0;
    while (connection.buffer.length - offset >= 5) {
      const length = connection.buffer.readInt32BE(offset + 1);
      if (connection.buffer.length - offset < 1 + length) break;
      const packet = Buffer.from(connection.buffer.subarray(offset, offset + 1 + length));
      offset += 1 + length;
      batch.push(packet);
      if ('SQHcfXp'.includes(String.fromCharCode(packet[0]!))) {
        connection.buffer = connection.buffer.subarray(offset);
        return batch;
      }
    }
    return undefined;
  }

  private async authenticate(connection: Connection, packet: Buffer): Promise<void> {
    const password = packet[0] === 0x70 /* p */ ? packet.subarray(5).toString('utf8').replace(/\0$/, '') : '';
    await this.becomeRole(SUPERUSER);
    const rows = (
      await this.pglite.query<{ rolcanlogin: boolean; rolpassword: string | null }>('SELECT rolcanlogin, rolpassword FROM pg_authid WHERE rolname = $1', [
        connection.role,
      ])
    ).rows;
    if (connection.state === 'closed') return;
    if (!(rows[0]?.rolcanlogin === true && matchesScramVerifier(password, rows[0].rolpassword ?? ''))) {
      this.authenticationFailures += 1;
      connection.state = 'closed';
      connection.socket.end(authenticationError(connection.role));
      return;
    }
    this.logins.push(connection.role);
    connection.state = 'ready';
    // PGlite answers the start-up message itself (AuthenticationOk, parameters, ReadyForQuery); what it does to the
    // session on the way is not known here, so the next turn sets the role again.
    this.sessionRole = undefined;
    connection.write(await this.execute(connection.startup!));
    // Messages that arrived with the password are read now that the connection is ready.
    this.read(connection);
  }

  private enqueue(turn: Turn): void {
    if (this.stopped) return;
    this.turns.push(turn);
    void this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.turns.length > 0 && !this.stopped) {
        let index = 0;
        if (this.last && this.pglite.isInTransaction()) {
          // A transaction is open: only the connection that opened it goes on; the others wait for its end.
          index = this.turns.findIndex((turn) => turn.connection === this.last);
          if (index < 0) return;
        }
        const [turn] = this.turns.splice(index, 1);
        await turn!.run().catch(() => {
          // The client would wait forever for an answer that will not come: end its connection instead.
          turn!.connection?.socket.destroy();
        });
        this.last = turn!.connection;
        if (this.last?.state === 'closed' && this.pglite.isInTransaction()) await this.rollBackFor(this.last);
      }
    } finally {
      this.processing = false;
    }
  }

  private async detach(connection: Connection): Promise<void> {
    connection.state = 'closed';
    if (this.stopped) return;
    for (let i = this.turns.length - 1; i >= 0; i -= 1) if (this.turns[i]!.connection === connection) this.turns.splice(i, 1);
    // Unless a turn of it is running (the loop rolls back after it), a transaction it left open ends now.
    if (this.last === connection && !this.processing && this.pglite.isInTransaction()) await this.rollBackFor(connection);
    void this.process();
  }

  /** A client gone inside its transaction: PostgreSQL rolls it back with the client's backend. */
  private async rollBackFor(connection: Connection): Promise<void> {
    if (this.last !== connection) return;
    this.last = undefined;
    await this.pglite.exec('ROLLBACK').catch(() => undefined);
  }

  private async becomeRole(role: string): Promise<void> {
    if (this.sessionRole === role) return;
    // The session's authenticated user is PGlite's superuser, which may become any role and back.
    await this.pglite.exec(`SET SESSION AUTHORIZATION "${role.replace(/"/g, '""')}"`);
    this.sessionRole = role;
  }

  private async execute(packet: Buffer): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    // Each piece is a view of PGlite's memory, reused for the next one: copy it before taking the next.
    await this.pglite.runExclusive(() => this.pglite.execProtocolRawStream(new Uint8Array(packet), { onRawData: (data) => chunks.push(Buffer.from(data)) }));
    return Buffer.concat(chunks);
  }
}
