import net from 'node:net';
import tls from 'node:tls';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { scramVerifier } from '#core/store/scram-verifier.js';
import type { HarnessTls } from './harness-tls.js';
import { RoleSessions, SSL_REQUEST_CODE } from './role-sessions.js';

export interface HarnessDatabaseOptions {
  /** Loopback address the proxy listens on (the template's port, 5432, is fixed in the functions' environment). */
  readonly host: string;
  /** @default 5432 */
  readonly port?: number;
  /** Refuse every connection for this long after start (a paused Aurora resuming). @default 0 */
  readonly refuseForMs?: number;
}

/**
 * The vector database as functions reach Aurora: PGlite with pgvector, fronted by a proxy that requires TLS
 * (rds.force_ssl): it answers the SSLRequest with 'S' and terminates TLS with the harness certificate, so the
 * driver's verified TLS runs as it does against Aurora. Behind it each connection authenticates with its login's
 * password and runs as that role (role-sessions.ts), so a function holds exactly its database role's privileges.
 */
export class HarnessDatabase {
  private readonly pglite: PGlite;
  /** Connections refused, and plain-text connections turned away. */
  refused = 0;
  insecure = 0;
  private readonly sessions: RoleSessions;
  private proxy?: net.Server;
  private refuseUntil = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    pglite: PGlite,
    private readonly options: HarnessDatabaseOptions,
  ) {
    this.pglite = pglite;
    this.sessions = new RoleSessions(pglite);
  }

  static async start(serverTls: HarnessTls, options: HarnessDatabaseOptions): Promise<HarnessDatabase> {
    const database = new HarnessDatabase(await PGlite.create({ extensions: { vector } }), options);
    await database.listen(serverTls);
    return database;
  }

  get host(): string {
    return this.options.host;
  }

  get port(): number {
    return this.options.port ?? 5432;
  }

  /** Connections refused for a wrong password, an unknown user or a role without LOGIN. */
  get authenticationFailures(): number {
    return this.sessions.authenticationFailures;
  }

  /** The roles connections logged in as, in order. */
  get logins(): readonly string[] {
    return this.sessions.logins;
  }

  /**
   * Creates the cluster's master user as RDS does: a login with CREATEROLE that owns the database (so it creates the
   * schema's tables), not a superuser. pgvector is created up front, as Aurora lets its master user do.
   */
  async createMasterUser(username: string, password: string): Promise<void> {
    await this.query('CREATE EXTENSION IF NOT EXISTS vector');
    await this.query(`CREATE ROLE ${username} LOGIN CREATEROLE PASSWORD '${scramVerifier(password)}'`);
    await this.query(`ALTER DATABASE ${(await this.query<{ name: string }>('SELECT current_database() AS name'))[0]!.name} OWNER TO ${username}`);
    await this.query(`GRANT ALL ON SCHEMA public TO ${username}`);
  }

  /** A query as PGlite's superuser, between the connections' turns (assertions of the scenarios). */
  query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.sessions.superuserQuery<Row>(sql, params);
  }

  /** Refuse connections for a while from now (a pause and resume). */
  refuseFor(ms: number): void {
    this.refuseUntil = Date.now() + ms;
  }

  async close(): Promise<void> {
    this.sessions.stop();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.proxy ? this.proxy.close(() => resolve()) : resolve()));
    await this.pglite.close();
  }

  private async listen(serverTls: HarnessTls): Promise<void> {
    this.refuseUntil = Date.now() + (this.options.refuseForMs ?? 0);
    this.proxy = net.createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => undefined);
      if (Date.now() < this.refuseUntil) {
        this.refused += 1;
        client.destroy();
        return;
      }
      client.once('data', (first) => {
        if (first.length < 8 || first.readInt32BE(4) !== SSL_REQUEST_CODE) {
          // rds.force_ssl: a connection without TLS is turned away.
          this.insecure += 1;
          client.destroy();
          return;
        }
        client.write('S');
        const secure = new tls.TLSSocket(client, { isServer: true, key: serverTls.key, cert: serverTls.cert });
        this.sessions.attach(secure);
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.proxy!.once('error', reject);
      this.proxy!.listen(this.port, this.host, () => resolve());
    });
  }
}
