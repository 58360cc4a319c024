import { OpenAiEmbeddingProvider, type OpenAiEmbeddingOptions } from '#core/embeddings/openai-embedding-provider.js';
import type { FakeHandler } from '../../../support/fake-http-server.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../../support/fake-openai-server.js';

/** A planted key: tests assert that no error, log or stack ever shows it. */
export const API_KEY = 'sk-test-PLANTED-0123456789abcdefghijklmnop';
export const FAST_RETRIES = { baseDelayMs: 1, maxDelayMs: 5 };
/** Counts tokens as the API does for plain text: special-token strings are ordinary text. */
export const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Starts a fake OpenAI server per test, closed after it. */
export function useFakeOpenAiServer(): (handler?: FakeHandler) => Promise<FakeOpenAiServer> {
  let server: FakeOpenAiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return async (handler) => {
    server = await startFakeOpenAiServer(handler ? { handler } : {});
    return server;
  };
}

/** The provider under test, pointed at the fake server, with fast retries. */
export function provider(fake: FakeOpenAiServer, options: Partial<OpenAiEmbeddingOptions> = {}): OpenAiEmbeddingProvider {
  return new OpenAiEmbeddingProvider({ apiKey: API_KEY, baseURL: fake.url, retry: FAST_RETRIES, ...options });
}
