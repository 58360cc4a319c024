import { collectionOfSource } from '../access/source-collection.js';
import type { ChatModel } from '../chat-models/chat-model.js';
import type { RagConfig } from '../config/rag-config.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import type { ChatDependencies } from '../chat-workflow/chat-steps.js';
import { ConversationRepository } from '../chat-workflow/conversation-repository.js';
import { JobRepository } from '../ingestion/job-repository.js';
import { type DocumentPreparer, inThreadPreparer } from '../ingestion/prepare-document.js';
import type { Database } from '../store/database.js';
import { applyMigrations } from '../store/migrator.js';
import { PgVectorStore } from '../store/pg-vector-store.js';
import type { VectorStore } from '../store/vector-store.js';
import { createChatModel, createEmbeddingProvider } from './create-providers.js';

/** Everything the CLI, the local stack and the Lambda handlers need, wired from one config. */
export interface RagRuntime {
  config: RagConfig;
  db: Database;
  store: VectorStore;
  embedder: EmbeddingProvider;
  /** Absent when CHAT_PROVIDER is `local` (offline extractive answers). */
  chatModel?: ChatModel;
  jobs: JobRepository;
  /** Conversation history, for the chat steps (built here only: see `chatDependencies`). */
  conversations: ConversationRepository;
  /** Where ingestion parses and chunks documents: worker threads for the embedded runtime, this thread in Lambda. */
  preparer: DocumentPreparer;
  close(): Promise<void>;
}

/** What the chat steps take from a runtime, for the Lambda steps, the local workflow and `rag ask` alike. */
export function chatDependencies(runtime: RagRuntime): ChatDependencies {
  const deps: ChatDependencies = {
    store: runtime.store,
    embedder: runtime.embedder,
    conversations: runtime.conversations,
    topK: runtime.config.retrieval.topK,
  };
  if (runtime.chatModel) deps.chatModel = runtime.chatModel;
  return deps;
}

/** What ingestion takes from a runtime, for `runIngestJob` and the ingest handler alike. */
export function ingestDependencies(runtime: RagRuntime) {
  return {
    store: runtime.store,
    embedder: runtime.embedder,
    preparer: runtime.preparer,
    jobs: runtime.jobs,
    chunking: runtime.config.chunking,
    maxDocumentBytes: runtime.config.ingest.maxDocumentBytes,
    collectionOf: (source: string) => collectionOfSource(source),
  };
}

export interface WireRagRuntimeOptions {
  /** Apply pending migrations first. In AWS a deploy-time custom resource does it instead. @default true */
  migrate?: boolean;
  embedder?: EmbeddingProvider;
  /** `null` forces the offline extractive answers whatever the config says. */
  chatModel?: ChatModel | null;
  /** Closed by `close()`. @default in this thread */
  preparer?: DocumentPreparer;
  /** Runs after the database is closed by `close()`. */
  onClose?: () => Promise<void>;
  /** Whether `close()` closes the database. @default true */
  ownsDatabase?: boolean;
}

/**
 * Wires adapters around an open database. It never imports the embedded database, so the
 * Lambda bundles (which use the `postgres` driver only) can use it.
 */
export async function wireRagRuntime(config: RagConfig, db: Database, options: WireRagRuntimeOptions = {}): Promise<RagRuntime> {
  if (options.migrate ?? true) await applyMigrations(db);
  const embedder = options.embedder ?? createEmbeddingProvider(config);
  const chatModel = options.chatModel === null ? undefined : (options.chatModel ?? createChatModel(config));
  const store = new PgVectorStore(db, { indexPolicy: config.retrieval.indexPolicy, hnswMinChunks: config.retrieval.hnswMinChunks });
  await store.bindEmbeddingModel(embedder.id, embedder.dimensions);
  const runtime: RagRuntime = {
    config,
    db,
    store,
    embedder,
    jobs: new JobRepository(db),
    conversations: new ConversationRepository(db),
    preparer: options.preparer ?? inThreadPreparer,
    close: async () => {
      await runtime.preparer.close();
      if (options.ownsDatabase ?? true) await db.close();
      await options.onClose?.();
    },
  };
  if (chatModel) runtime.chatModel = chatModel;
  return runtime;
}
