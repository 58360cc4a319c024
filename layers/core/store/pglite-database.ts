import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Database, SqlExecutor } from './database.js';

export interface PgliteDatabaseOptions {
  /** Folder the database persists to; omit for an in-memory database (tests). */
  dataDir?: string;
}

/** Embedded PostgreSQL (WASM) with pgvector; the local default. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;

  private constructor(readonly pglite: PGlite) {}

  static async open(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
    if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
    const pglite = await PGlite.create({ dataDir: options.dataDir, extensions: { vector } });
    return new PgliteDatabase(pglite);
  }

  async query<Row extends object>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.pglite.query<Row>(text, params as unknown[]);
    return result.rows;
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.pglite.transaction((tx: Transaction) =>
      work({
        query: async <Row extends object>(text: string, params: readonly unknown[] = []) => (await tx.query<Row>(text, params as unknown[])).rows,
      }),
    );
  }

  async exec(script: string): Promise<void> {
    await this.pglite.exec(script);
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}
