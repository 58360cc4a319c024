import type { OpenAiEmbeddingOptions } from '#core/embeddings/openai-embedding-provider.js';
import { l2Normalize } from '#core/embeddings/vector-math.js';
import { ProviderError } from '#core/errors.js';
import type { RetryEvent } from '#core/providers/retry-policy.js';
import type { FakeHandler } from '../../../support/fake-http-server.js';
import { fakeEmbedding, openAiEmbeddingsResponse, openAiErrorResponse } from '../../../support/fake-openai-server.js';
import { API_KEY, FAST_RETRIES, provider, useFakeOpenAiServer } from './openai-test-server.js';

describe('OpenAiEmbeddingProvider: retries and errors', () => {
  const startServer = useFakeOpenAiServer();

  test('retries 429 responses, honouring Retry-After', async () => {
    // prepare
    const events: RetryEvent[] = [];
    const fake = await startServer((request, { index }) =>
      index < 2
        ? openAiErrorResponse(429, 'Rate limit reached for requests', { type: 'requests', code: 'rate_limit_exceeded', headers: { 'retry-after': '0.05' } })
        : openAiEmbeddingsResponse(request.json().input, { dimensions: 4 }),
    );

    // act
    const batch = await provider(fake, { dimensions: 4, retry: { ...FAST_RETRIES, onRetry: (event) => events.push(event) } }).embed(['hola', 'adiós'], 'query');

    // assess
    expect(fake.requests).toHaveLength(3);
    expect(batch.vectors).toEqual([l2Normalize(fakeEmbedding('hola', 4)), l2Normalize(fakeEmbedding('adiós', 4))]);
    expect(events.map((event) => [event.errorType, event.retryAfterMs])).toEqual([
      ['THROTTLING', 50],
      ['THROTTLING', 50],
    ]);
    for (const event of events) expect(event.delayMs).toBeGreaterThanOrEqual(50);
  });

  test.each([[500], [502], [503]])('retries HTTP %i', async (status) => {
    const fake = await startServer((_request, { index }) =>
      index === 0 ? openAiErrorResponse(status, 'The server had an error', { type: 'server_error' }) : undefined,
    );

    const batch = await provider(fake, { dimensions: 4 }).embed(['a'], 'document');

    expect(fake.requests).toHaveLength(2);
    expect(batch.vectors).toHaveLength(1);
  });

  test('retries a dropped connection', async () => {
    const fake = await startServer((_request, { index }) => (index === 0 ? { destroy: true } : undefined));

    const batch = await provider(fake, { dimensions: 4 }).embed(['a'], 'document');

    expect(fake.requests).toHaveLength(2);
    expect(batch.vectors).toHaveLength(1);
  });

  test('401 fails at once with an auth error that names the variable to check', async () => {
    const fake = await startServer(() =>
      openAiErrorResponse(401, `Incorrect API key provided: ${API_KEY}. You can find your API key at https://platform.openai.com.`, {
        code: 'invalid_api_key',
      }),
    );

    const error = await provider(fake)
      .embed(['a'], 'document')
      .catch((e: unknown) => e);

    expect(fake.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'provider_auth', provider: 'openai', status: 401 });
    expect((error as Error).message).toMatch(/OPENAI_API_KEY/);
  });

  test('a 429 that persists ends in rate_limited after maxAttempts', async () => {
    const fake = await startServer(() => openAiErrorResponse(429, 'Rate limit reached', { type: 'tokens' }));

    const error = await provider(fake, { maxAttempts: 3 })
      .embed(['a'], 'document')
      .catch((e: unknown) => e);

    expect(fake.requests).toHaveLength(3);
    expect(error).toMatchObject({ code: 'provider_rate_limited', status: 429 });
    expect((error as Error).message).toMatch(/3 attempts/);
  });

  test('an exhausted quota is not retried', async () => {
    const fake = await startServer(() =>
      openAiErrorResponse(429, 'You exceeded your current quota', { type: 'insufficient_quota', code: 'insufficient_quota' }),
    );

    const error = await provider(fake)
      .embed(['a'], 'document')
      .catch((e: unknown) => e);

    expect(fake.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'provider_rate_limited' });
    expect((error as Error).message).toMatch(/quota/);
  });

  test('a silent server times out after each attempt', async () => {
    const fake = await startServer(() => ({ hang: true }));

    const error = await provider(fake, { timeoutMs: 100, maxAttempts: 2 })
      .embed(['a'], 'document')
      .catch((e: unknown) => e);

    expect(fake.requests).toHaveLength(2);
    expect(error).toMatchObject({ code: 'provider_timeout' });
  });

  describe('never reveals the API key', () => {
    test.each<[string, FakeHandler, Partial<OpenAiEmbeddingOptions>]>([
      ['401 echoing the key', () => openAiErrorResponse(401, `Incorrect API key provided: ${API_KEY}.`), {}],
      ['403', () => openAiErrorResponse(403, `Key ${API_KEY} lacks access`), {}],
      ['persistent 429', () => openAiErrorResponse(429, `Rate limit for key ${API_KEY}`), { maxAttempts: 2 }],
      ['persistent 500', () => openAiErrorResponse(500, `Boom ${API_KEY}`), { maxAttempts: 2 }],
      ['400', () => openAiErrorResponse(400, `Bad input for ${API_KEY}`), {}],
      ['timeout', () => ({ hang: true }), { timeoutMs: 50, maxAttempts: 1 }],
      ['dropped connection', () => ({ destroy: true }), { maxAttempts: 1 }],
      ['invalid JSON', () => ({ body: `{"oops": "${API_KEY}"`, headers: { 'content-type': 'application/json' } }), {}],
      ['wrong shape', () => ({ body: { data: API_KEY } }), {}],
    ])('%s', async (_name, handler, options) => {
      const fake = await startServer(handler);

      const error = await provider(fake, { dimensions: 4, ...options })
        .embed(['a'], 'document')
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ProviderError);
      const providerError = error as ProviderError;
      expect(providerError.message).not.toContain(API_KEY);
      expect(JSON.stringify(providerError)).not.toContain(API_KEY);
      expect(String(providerError.cause ?? '')).not.toContain(API_KEY);
      expect(providerError.stack ?? '').not.toContain(API_KEY);
    });
  });
});
