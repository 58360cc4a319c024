export type { Database, SqlExecutor } from './database.js';
export { PgliteDatabase, type PgliteDatabaseOptions } from './pglite-database.js';
export { PostgresDatabase, type PostgresDatabaseOptions } from './postgres-database.js';
export { applyMigrations, loadMigrations, splitStatements, DEFAULT_MIGRATIONS_DIR, type Migration, type MigrationReport } from './migrator.js';
export { PgVectorStore, queryTerms, MAX_VECTOR_INDEX_DIMENSIONS, type PgVectorStoreOptions, type VectorIndexPolicy } from './pg-vector-store.js';
export * from './vector-store.js';
export { stableId, sha256Hex } from './stable-id.js';
