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
  /** `require` for RDS Proxy/Aurora; `false` for local servers. @default false */
  ssl?: 'require' | false;
  /** Pool size. Keep it within the server's (or pglite-socket's) connection budget. @default 4 */
  max?: number;
  /** Seconds to wait for a connection before failing. @default 10 */
  connectTimeoutSeconds?: number;
}

type PostgresClient = postgres.Sql<Record<string, never>>;

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
      ssl: options.ssl === 'require' ? ('require' as const) : false,
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
    return (await this.sql.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as Row[];
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return (await this.sql.begin((tx) =>
      work({
        query: async <Row extends object>(text: string, params: readonly unknown[] = []) =>
          (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as Row[],
      }),
    )) as T;
  }

  async exec(script: string): Promise<void> {
    await this.sql.unsafe(script);
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}
