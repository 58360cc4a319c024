import { BedrockChatModel } from '../chat-models/bedrock-chat-model.js';
import type { ChatModel } from '../chat-models/chat-model.js';
import { OpenAiChatModel } from '../chat-models/openai-chat-model.js';
import type { RagConfig } from '../config/rag-config.js';
import { BedrockEmbeddingProvider } from '../embeddings/bedrock-embedding-provider.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { LocalHashingEmbeddingProvider } from '../embeddings/local-hashing-embedding-provider.js';
import { OpenAiEmbeddingProvider } from '../embeddings/openai-embedding-provider.js';

/** The embedding adapter named by EMBEDDINGS_PROVIDER. */
export function createEmbeddingProvider(config: RagConfig): EmbeddingProvider {
  switch (config.embeddings.provider) {
    case 'openai':
      return new OpenAiEmbeddingProvider({
        apiKey: config.openAi.apiKey,
        baseURL: config.openAi.baseURL,
        model: config.embeddings.openAiModel,
        dimensions: config.embeddings.dimensions,
        timeoutMs: config.providerTimeoutMs,
      });
    case 'bedrock':
      return new BedrockEmbeddingProvider({
        region: config.aws.region,
        endpoint: config.aws.bedrockEndpoint,
        modelId: config.embeddings.bedrockModelId,
        dimensions: config.embeddings.dimensions,
        timeoutMs: config.providerTimeoutMs,
      });
    case 'local':
      return new LocalHashingEmbeddingProvider({ dimensions: config.embeddings.dimensions });
  }
}

/** The chat adapter named by CHAT_PROVIDER; undefined for the offline extractive default. */
export function createChatModel(config: RagConfig): ChatModel | undefined {
  switch (config.chat.provider) {
    case 'openai':
      return new OpenAiChatModel({
        apiKey: config.openAi.apiKey,
        baseURL: config.openAi.baseURL,
        model: config.chat.openAiModel,
        timeoutMs: chatTimeoutMs(config),
      });
    case 'bedrock':
      return new BedrockChatModel({
        region: config.aws.region,
        endpoint: config.aws.bedrockEndpoint,
        modelId: config.chat.bedrockModelId,
        timeoutMs: chatTimeoutMs(config),
      });
    case 'local':
      return undefined;
  }
}

/** A chat call's time limit: RAG_CHAT_TIMEOUT_MS, else at least a minute (local runs have no caller waiting on a deadline). */
export function chatTimeoutMs(config: RagConfig): number {
  return config.chatTimeoutMs ?? Math.max(config.providerTimeoutMs, 60_000);
}
