import type { RagConfig } from '#core/config/rag-config.js';
import { createChatModel } from '#core/runtime/create-providers.js';

/** Stands in for the API key of a function that may not read it: it names the model, never calls it. */
const NO_KEY = 'not-readable-by-this-function';

/**
 * The configured chat model's id (what prices its tokens) for a function that never chats:
 * the insights function is not granted the OpenAI key. Undefined for the extractive answers.
 */
export function catalogChatModelId(config: RagConfig): string | undefined {
  return createChatModel({ ...config, openAi: { ...config.openAi, apiKey: config.openAi.apiKey ?? NO_KEY } })?.id;
}
