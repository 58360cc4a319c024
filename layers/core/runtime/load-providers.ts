import type { ChatModel } from '../chat-models/chat-model.js';
import type { RagConfig } from '../config/rag-config.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';

/**
 * The adapters of `create-providers.ts`, imported only when the config names them: the offline
 * default then never loads the OpenAI client or the AWS SDK, which were a large share of a
 * `rag ask` start-up (docs/BENCHMARKS.md, "Start-up").
 */
export async function loadEmbeddingProvider(config: RagConfig): Promise<EmbeddingProvider> {
  if (config.embeddings.provider === 'local') {
    const { LocalHashingEmbeddingProvider } = await import('../embeddings/local-hashing-embedding-provider.js');
    return new LocalHashingEmbeddingProvider({ dimensions: config.embeddings.dimensions });
  }
  return (await import('./create-providers.js')).createEmbeddingProvider(config);
}

/** The chat adapter named by CHAT_PROVIDER; undefined for the offline extractive default. */
export async function loadChatModel(config: RagConfig): Promise<ChatModel | undefined> {
  if (config.chat.provider === 'local') return undefined;
  return (await import('./create-providers.js')).createChatModel(config);
}
