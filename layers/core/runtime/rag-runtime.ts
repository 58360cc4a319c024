import path from 'node:path';
import type { ChatModel } from '../chat-models/chat-model.js';
import type { RagConfig } from '../config/rag-config.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import type { Database } from '../store/database.js';
import { PgliteDatabase } from '../store/pglite-database.js';
import { PostgresDatabase } from '../store/postgres-database.js';
import { WorkerDocumentPreparer } from '../ingestion/worker-document-preparer.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { type RagRuntime, wireRagRuntime } from './wire-rag-runtime.js';

export type { RagRuntime } from './wire-rag-runtime.js';

export interface OpenRagRuntimeOptions {
  /** Who is opening the data folder, shown to a second process that finds it locked. */
  purpose?: string;
  /** Injected database (tests); it is not closed by `close()`. */
  db?: Database;
  embedder?: EmbeddingProvider;
  chatModel?: ChatModel | null;
  /** Start the ingest worker threads now (a long-running service) rather than on the first document. @default false */
  warmIngestWorkers?: boolean;
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
  const preparer =
    config.ingest.workers > 0 ? new WorkerDocumentPreparer({ threads: config.ingest.workers, warm: options.warmIngestWorkers ?? false }) : undefined;
  try {
    return await wireRagRuntime(config, database, {
      embedder: options.embedder,
      chatModel: options.chatModel,
      preparer,
      ownsDatabase: !options.db,
      onClose: async () => {
        await releaseLock?.();
      },
    });
  } catch (error) {
    await preparer?.close();
    if (!options.db) await database.close().catch(() => {});
    await releaseLock?.();
    throw error;
  }
}
