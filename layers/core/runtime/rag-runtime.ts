import path from 'node:path';
import type { ChatModel } from '../chat-models/chat-model.js';
import type { RagConfig } from '../config/rag-config.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { JobRepository } from '../ingestion/job-repository.js';
import type { Database } from '../store/database.js';
import { applyMigrations } from '../store/migrator.js';
import { PgVectorStore } from '../store/pg-vector-store.js';
import { PgliteDatabase } from '../store/pglite-database.js';
import { PostgresDatabase } from '../store/postgres-database.js';
import type { VectorStore } from '../store/vector-store.js';
import { createChatModel, createEmbeddingProvider } from './create-providers.js';
import { acquireDataDirLock } from './data-dir-lock.js';

/** Everything the CLI, the local stack and the Lambda handlers need, wired from one config. */
export interface RagRuntime {
  config: RagConfig;
  db: Database;
  store: VectorStore;
  embedder: EmbeddingProvider;
  /** Absent when CHAT_PROVIDER is `local` (offline extractive answers). */
  chatModel?: ChatModel;
  jobs: JobRepository;
  close(): Promise<void>;
}

export interface OpenRagRuntimeOptions {
  /** Who is opening the data folder, shown to a second process that finds it locked. */
  purpose?: string;
  /** Injected database (tests, Lambda with a secret-resolved connection). */
  db?: Database;
  embedder?: EmbeddingProvider;
  chatModel?: ChatModel | null;
}

/** Opens the database (embedded PGlite unless DATABASE_URL is set), migrates it, and wires the adapters. */
export async function openRagRuntime(config: RagConfig, options: OpenRagRuntimeOptions = {}): Promise<RagRuntime> {
  let releaseLock: (() => Promise<void>) | undefined;
  let db = options.db;
  if (!db) {
    if (config.database.url) {
      db = await PostgresDatabase.connect({ url: config.database.url, max: config.database.poolSize });
    } else {
      releaseLock = await acquireDataDirLock(config.dataDir, options.purpose ?? 'rag');
      try {
        db = await PgliteDatabase.open({ dataDir: path.join(config.dataDir, 'pgdata') });
      } catch (error) {
        await releaseLock();
        throw error;
      }
    }
  }
  const database = db;
  try {
    await applyMigrations(database);
    const embedder = options.embedder ?? createEmbeddingProvider(config);
    const chatModel = options.chatModel === null ? undefined : (options.chatModel ?? createChatModel(config));
    const store = new PgVectorStore(database, {
      indexPolicy: config.retrieval.indexPolicy,
      hnswMinChunks: config.retrieval.hnswMinChunks,
    });
    await store.bindEmbeddingModel(embedder.id, embedder.dimensions);
    const runtime: RagRuntime = {
      config,
      db: database,
      store,
      embedder,
      jobs: new JobRepository(database),
      close: async () => {
        if (!options.db) await database.close();
        await releaseLock?.();
      },
    };
    if (chatModel) runtime.chatModel = chatModel;
    return runtime;
  } catch (error) {
    if (!options.db) await database.close().catch(() => {});
    await releaseLock?.();
    throw error;
  }
}
