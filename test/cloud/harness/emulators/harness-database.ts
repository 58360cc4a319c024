import net from 'node:net';
import tls from 'node:tls';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { freePort } from '../../../support/free-port.js';
import type { HarnessTls } from './harness-tls.js';

/** The code of the 8-byte SSLRequest a Postgres client sends before TLS. */
const SSL_REQUEST_CODE = 80877103;

export interface HarnessDatabaseOptions {
  /** Loopback address the proxy listens on (the template's port, 5432, is fixed in the functions' environment). */
  readonly host: string;
  /** @default 5432 */
  readonly port?: number;
  /** Refuse every connection for this long after start (a paused Aurora resuming). @default 0 */
  readonly refuseForMs?: number;
}

/**
 * The vector database as functions reach Aurora: PGlite with pgvector behind @electric-sql/pglite-socket, fronted by
 * a proxy that requires TLS (rds.force_ssl): it answers the SSLRequest with 'S' and terminates TLS with the harness
 * certificate, so the driver's verified TLS runs as it does against Aurora.
 */
export class HarnessDatabase {
  readonly pglite: PGlite;
  /** Connections refused, and plain-text connections turned away. */
  refused = 0;
  insecure = 0;
  private socketServer?: PGLiteSocketServer;
  private proxy?: net.Server;
  private refuseUntil = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    pglite: PGlite,
    private readonly options: HarnessDatabaseOptions,
  ) {
    this.pglite = pglite;
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

  /** Refuse connections for a while from now (a pause and resume). */
  refuseFor(ms: number): void {
    this.refuseUntil = Date.now() + ms;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.proxy ? this.proxy.close(() => resolve()) : resolve()));
    await this.socketServer?.stop();
    await this.pglite.close();
  }

  private async listen(serverTls: HarnessTls): Promise<void> {
    const backendPort = await freePort();
    // PGlite is one session; the socket server queues the connections' messages into it.
    this.socketServer = new PGLiteSocketServer({ db: this.pglite, port: backendPort, host: '127.0.0.1', maxConnections: 64 });
    await this.socketServer.start();
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
        const backend = net.connect(backendPort, '127.0.0.1');
        this.sockets.add(backend);
        backend.on('close', () => {
          this.sockets.delete(backend);
          secure.destroy();
        });
        secure.on('close', () => backend.destroy());
        secure.on('error', () => backend.destroy());
        backend.on('error', () => secure.destroy());
        secure.pipe(backend);
        backend.pipe(secure);
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.proxy!.once('error', reject);
      this.proxy!.listen(this.port, this.host, () => resolve());
    });
  }
}
