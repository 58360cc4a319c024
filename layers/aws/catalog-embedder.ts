import type { RagConfig } from '#core/config/rag-config.js';
import type { EmbeddingProvider } from '#core/embeddings/embedding-provider.js';
import { ConfigError } from '#core/errors.js';
import { createEmbeddingProvider } from '#core/runtime/create-providers.js';

/** Stands in for the API key of a function that may not read it: it names the model, never calls it. */
const NO_KEY = 'not-readable-by-this-function';

/**
 * The configured embedding model's identity (id and size) for functions that list, show and
 * delete documents but never embed (documents and jobs APIs). The store checks that identity
 * against the index; these functions are not granted the OpenAI key, so any embed call fails.
 */
export function catalogEmbedder(config: RagConfig): EmbeddingProvider {
  const named = createEmbeddingProvider({ ...config, openAi: { ...config.openAi, apiKey: config.openAi.apiKey ?? NO_KEY } });
  return {
    id: named.id,
    dimensions: named.dimensions,
    ...(named.portable ? { portable: named.portable } : {}),
    embed: async () => {
      throw new ConfigError(`This function only reads the document catalog; it does not embed with ${named.id}.`);
    },
  };
}
