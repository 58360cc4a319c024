/**
 * The one SQL seam of the core. Repositories speak plain parameterised SQL ($1, $2, …)
 * through this interface, so the same statements run on embedded PGlite and on any
 * PostgreSQL reached with the `postgres` driver (Aurora through RDS Proxy in AWS).
 */
export interface SqlExecutor {
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Database extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script without parameters (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}
