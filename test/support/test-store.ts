import { LocalHashingEmbeddingProvider } from '#core/embeddings/local-hashing-embedding-provider.js';
import { JobRepository } from '#core/ingestion/job-repository.js';
import { applyMigrations } from '#core/store/migrator.js';
import { PgVectorStore, type PgVectorStoreOptions } from '#core/store/pg-vector-store.js';
import { PgliteDatabase } from '#core/store/pglite-database.js';

/** An in-memory PGlite, migrated, with the local embedder bound: a real store for tests. */
export async function openTestStore(options: PgVectorStoreOptions & { dimensions?: number } = {}) {
  const db = await PgliteDatabase.open();
  await applyMigrations(db);
  const embedder = new LocalHashingEmbeddingProvider({ dimensions: options.dimensions ?? 256 });
  const store = new PgVectorStore(db, options);
  await store.bindEmbeddingModel(embedder.id, embedder.dimensions);
  const jobs = new JobRepository(db);
  return { db, store, embedder, jobs, close: () => db.close() };
}
