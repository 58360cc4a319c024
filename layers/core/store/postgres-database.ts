import postgres from 'postgres';
import { DatabaseUnavailableError } from '../errors.js';
import type { Database, SqlExecutor } from './database.js';

export interface PostgresDatabaseOptions {
  /** A `postgres://` URL; or give host/user/password below. */
  url?: string;
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  password?: string;
  /**
   * TLS: `verify` with the CA certificates that signed the server's (Aurora, RDS Proxy) checks
   * the certificate chain and host name; `require` encrypts without checking who answers;
   * `false` for local servers. @default false
   */
  ssl?: PostgresTls;
  /** Pool size. Keep it within the server's (or pglite-socket's) connection budget. @default 4 */
  max?: number;
  /** Seconds to wait for a connection before failing. @default 10 */
  connectTimeoutSeconds?: number;
}

export type PostgresTls = false | 'require' | { verify: true; ca: string | string[] };

/** The driver's `ssl` setting for a PostgresTls choice. */
export function driverTls(tls: PostgresTls | undefined): false | 'require' | { rejectUnauthorized: true; ca: string | string[] } {
  if (!tls) return false;
  if (tls === 'require') return 'require';
  return { rejectUnauthorized: true, ca: tls.ca };
}

type PostgresClient = postgres.Sql<Record<string, never>>;

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** Errors that mean "the server is not there right now" (SQLSTATE class 08, admin shutdown), as opposed to a bad query. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return CONNECTION_ERRORS.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}

function mapError(error: unknown): unknown {
  if (!isConnectionError(error)) return error;
  return new DatabaseUnavailableError(`The database is unavailable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]*)@/, '//$1:***@');
}

/** Any PostgreSQL with pgvector, through the `postgres` driver. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;

  private constructor(private readonly sql: PostgresClient) {}

  /** Opens a pool and proves it works, so a bad DATABASE_URL fails at start-up with a clear message. */
  static async connect(options: PostgresDatabaseOptions): Promise<PostgresDatabase> {
    const settings = {
      max: options.max ?? 4,
      connect_timeout: options.connectTimeoutSeconds ?? 10,
      ssl: driverTls(options.ssl),
      onnotice: () => {},
      // int8 counts come back as numbers, matching PGlite.
      types: { bigint: postgres.BigInt },
    };
    const sql = (options.url
      ? postgres(options.url, settings)
      : postgres({
          ...settings,
          host: options.host,
          port: options.port ?? 5432,
          database: options.database,
          username: options.username,
          password: options.password,
        })) as unknown as PostgresClient;
    const where = options.url ? redact(options.url) : `${options.host}:${options.port ?? 5432}/${options.database ?? ''}`;
    try {
      await sql.unsafe('select 1');
    } catch (error) {
      await sql.end({ timeout: 0 }).catch(() => {});
      const reason = error instanceof Error ? error.message : String(error);
      throw new DatabaseUnavailableError(`Cannot connect to PostgreSQL at ${where}: ${reason}`, { cause: error });
    }
    return new PostgresDatabase(sql);
  }

  async query<Row extends object>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    try {
      return (await this.sql.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as Row[];
    } catch (error) {
      throw mapError(error);
    }
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    try {
      return (await this.sql.begin((tx) =>
        work({
          query: async <Row extends object>(text: string, params: readonly unknown[] = []) =>
            (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as Row[],
        }),
      )) as T;
    } catch (error) {
      throw mapError(error);
    }
  }

  async exec(script: string): Promise<void> {
    try {
      await this.sql.unsafe(script);
    } catch (error) {
      throw mapError(error);
    }
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}
