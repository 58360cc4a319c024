import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import {
  OPENAI_EMBEDDING_DEFAULTS,
  OpenAiEmbeddingProvider,
  planEmbeddingRequests,
  type OpenAiEmbeddingOptions,
} from '#core/embeddings/openai-embedding-provider.js';
import { l2Norm, l2Normalize } from '#core/embeddings/vector-math.js';
import { ConfigError, ProviderError } from '#core/errors.js';
import type { RetryEvent } from '#core/providers/retry-policy.js';
import type { FakeHandler } from '../../../support/fake-http-server.js';
import {
  fakeEmbedding,
  openAiEmbeddingsResponse,
  openAiErrorResponse,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../../../support/fake-openai-server.js';

const API_KEY = 'sk-test-PLANTED-0123456789abcdefghijklmnop';
const FAST_RETRIES = { baseDelayMs: 1, maxDelayMs: 5 };
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

let server: FakeOpenAiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startServer(handler?: FakeHandler): Promise<FakeOpenAiServer> {
  server = await startFakeOpenAiServer(handler ? { handler } : {});
  return server;
}

function provider(fake: FakeOpenAiServer, options: Partial<OpenAiEmbeddingOptions> = {}): OpenAiEmbeddingProvider {
  return new OpenAiEmbeddingProvider({ apiKey: API_KEY, baseURL: fake.url, retry: FAST_RETRIES, ...options });
}

describe('OpenAiEmbeddingProvider', () => {
  test('sends the documented request and returns normalised vectors in input order', async () => {
    // prepare
    const fake = await startServer();
    const embeddings = provider(fake, { dimensions: 256 });
    const texts = ['¿Qué es pgvector?', 'What is pgvector?', 'tercero'];

    // act
    const batch = await embeddings.embed(texts, 'document');

    // assess
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/embeddings');
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.json()).toEqual({ model: 'text-embedding-3-large', input: texts, dimensions: 256, encoding_format: 'float' });
    expect(batch.vectors).toHaveLength(3);
    batch.vectors.forEach((vector, i) => {
      expect(vector).toHaveLength(256);
      expect(l2Norm(vector)).toBeCloseTo(1, 10);
      expect(vector).toEqual(l2Normalize(fakeEmbedding(texts[i] as string, 256)));
    });
    expect(batch.tokens).toBe(5 + 5 + 2); // the fake bills ceil(length / 4) per input
  });

  test.each([
    [{}, 'openai:text-embedding-3-large@3072', 3072],
    [{ model: 'text-embedding-3-small' }, 'openai:text-embedding-3-small@1536', 1536],
    [{ model: 'text-embedding-ada-002' }, 'openai:text-embedding-ada-002@1536', 1536],
    [{ dimensions: 1024 }, 'openai:text-embedding-3-large@1024', 1024],
    [{ model: 'nomic-embed-text', dimensions: 768 }, 'openai:nomic-embed-text@768', 768],
  ])('options %j → id %s', (options, id, dimensions) => {
    const embeddings = new OpenAiEmbeddingProvider({ apiKey: API_KEY, ...options });

    expect(embeddings.id).toBe(id);
    expect(embeddings.dimensions).toBe(dimensions);
  });

  test.each([
    ['unknown model without dimensions', { model: 'nomic-embed-text' }],
    ['more dimensions than the model has', { dimensions: 4096 }],
    ['ada-002 with another size', { model: 'text-embedding-ada-002', dimensions: 512 }],
    ['zero dimensions', { dimensions: 0 }],
  ])('rejects %s at construction', (_name, options) => {
    expect(() => new OpenAiEmbeddingProvider({ apiKey: API_KEY, ...options })).toThrow(ConfigError);
  });

  test.each([[undefined], [''], ['   ']])('a missing key (%j) fails at construction, naming the variable', (apiKey) => {
    const construct = () => new OpenAiEmbeddingProvider({ apiKey });

    expect(construct).toThrow(ProviderError);
    expect(construct).toThrow(/OPENAI_API_KEY is not set/);
    try {
      construct();
    } catch (error) {
      expect((error as ProviderError).code).toBe('provider_auth');
    }
  });

  test('does not send dimensions for ada-002, which rejects the parameter', async () => {
    const fake = await startServer((request) => openAiEmbeddingsResponse(request.json().input, { dimensions: 1536 }));

    await provider(fake, { model: 'text-embedding-ada-002', dimensions: 1536 }).embed(['a'], 'document');

    expect(fake.requests[0]?.json()).not.toHaveProperty('dimensions');
  });

  test('splits 5,000 short inputs into requests of at most 2,048', async () => {
    const fake = await startServer();
    const texts = Array.from({ length: 5000 }, (_, i) => `texto ${i}`);

    const batch = await provider(fake, { dimensions: 4 }).embed(texts, 'document');

    const sent = fake.requests
      .map((request) => request.json().input as string[])
      .sort((a, b) => Number.parseInt((a[0] as string).slice(6), 10) - Number.parseInt((b[0] as string).slice(6), 10));
    expect(sent.map((inputs) => inputs.length)).toEqual([2048, 2048, 904]);
    expect(sent.flat()).toEqual(texts);
    expect(batch.vectors).toHaveLength(5000);
    expect(batch.vectors[4321]).toEqual(l2Normalize(fakeEmbedding('texto 4321', 4)));
  });

  test('splits long inputs by the token budget of a request', async () => {
    // prepare: 12 inputs of 50 tokens each, 120 tokens per request → 2 per request
    const fake = await startServer();
    const sentence = 'uno dos tres cuatro cinco seis siete ocho nueve diez ';
    const text = sentence.repeat(10);
    const tokensPerText = encode(text, PLAIN_TEXT).length;
    const texts = Array.from({ length: 12 }, (_, i) => `${i} ${text}`);

    // act
    const batch = await provider(fake, { dimensions: 4, maxTokensPerRequest: tokensPerText * 2 + 5 }).embed(texts, 'document');

    // assess
    expect(fake.requests.map((request) => request.json().input.length)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(fake.requests.flatMap((request) => request.json().input).sort()).toEqual([...texts].sort());
    for (const request of fake.requests) {
      const tokens = (request.json().input as string[]).reduce((sum, input) => sum + encode(input, PLAIN_TEXT).length, 0);
      expect(tokens).toBeLessThanOrEqual(tokensPerText * 2 + 5);
    }
    expect(batch.vectors.map((vector) => vector[0])).toEqual(texts.map((t) => l2Normalize(fakeEmbedding(t, 4))[0]));
  });

  test('the defaults are the API limits', () => {
    expect(OPENAI_EMBEDDING_DEFAULTS).toMatchObject({
      model: 'text-embedding-3-large',
      maxInputsPerRequest: 2048,
      maxTokensPerRequest: 300_000,
      maxInputTokens: 8191,
      timeoutMs: 30_000,
      maxAttempts: 5,
      concurrency: 4,
    });
  });

  test('with the default limits, long inputs are truncated to 8,191 tokens and requests stay under 300k tokens', async () => {
    // prepare: 40 inputs of ~9,000 tokens → each truncated to ≤ 8,191, 36 fit in 300k
    const fake = await startServer();
    const longText = 'palabra '.repeat(9000);
    const texts = Array.from({ length: 40 }, (_, i) => `${i} ${longText}`);

    // act
    const batch = await provider(fake, { dimensions: 4 }).embed(texts, 'document');

    // assess
    // Requests run concurrently and may arrive in any order; put them back in input order.
    const sent = fake.requests
      .map((request) => request.json().input as string[])
      .sort((a, b) => Number.parseInt(a[0] as string, 10) - Number.parseInt(b[0] as string, 10));
    expect(sent.map((inputs) => inputs.length)).toEqual([36, 4]);
    for (const inputs of sent) {
      const counts = inputs.map((input) => encode(input, PLAIN_TEXT).length);
      for (const count of counts) {
        expect(count).toBeLessThanOrEqual(8191);
        expect(count).toBeGreaterThan(8100);
      }
      expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(300_000);
    }
    sent.flat().forEach((input, i) => {
      expect(texts[i]?.startsWith(input)).toBe(true);
    });
    expect(batch.vectors).toHaveLength(40);
  });

  test('retries 429 responses, honouring Retry-After', async () => {
    // prepare
    const events: RetryEvent[] = [];
    const fake = await startServer((request, { index }) =>
      index < 2
        ? openAiErrorResponse(429, 'Rate limit reached for requests', { type: 'requests', code: 'rate_limit_exceeded', headers: { 'retry-after': '0.05' } })
        : openAiEmbeddingsResponse(request.json().input, { dimensions: 4 }),
    );

    // act
    const batch = await provider(fake, { dimensions: 4, retry: { ...FAST_RETRIES, onRetry: (event) => events.push(event) } }).embed(
      ['hola', 'adiós'],
      'query',
    );

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

    const error = await provider(fake).embed(['a'], 'document').catch((e: unknown) => e);

    expect(fake.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'provider_auth', provider: 'openai', status: 401 });
    expect((error as Error).message).toMatch(/OPENAI_API_KEY/);
  });

  test('a 429 that persists ends in rate_limited after maxAttempts', async () => {
    const fake = await startServer(() => openAiErrorResponse(429, 'Rate limit reached', { type: 'tokens' }));

    const error = await provider(fake, { maxAttempts: 3 }).embed(['a'], 'document').catch((e: unknown) => e);

    expect(fake.requests).toHaveLength(3);
    expect(error).toMatchObject({ code: 'provider_rate_limited', status: 429 });
    expect((error as Error).message).toMatch(/3 attempts/);
  });

  test('an exhausted quota is not retried', async () => {
    const fake = await startServer(() =>
      openAiErrorResponse(429, 'You exceeded your current quota', { type: 'insufficient_quota', code: 'insufficient_quota' }),
    );

    const error = await provider(fake).embed(['a'], 'document').catch((e: unknown) => e);

    expect(fake.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'provider_rate_limited' });
    expect((error as Error).message).toMatch(/quota/);
  });

  test('a silent server times out after each attempt', async () => {
    const fake = await startServer(() => ({ hang: true }));

    const error = await provider(fake, { timeoutMs: 100, maxAttempts: 2 }).embed(['a'], 'document').catch((e: unknown) => e);

    expect(fake.requests).toHaveLength(2);
    expect(error).toMatchObject({ code: 'provider_timeout' });
  });

  test('honours baseURL', async () => {
    const fake = await startServer((request) =>
      request.path === '/compat/v1/embeddings' ? openAiEmbeddingsResponse(request.json().input, { dimensions: 4 }) : undefined,
    );

    const batch = await provider(fake, { baseURL: `${fake.origin}/compat/v1`, dimensions: 4 }).embed(['a'], 'document');

    expect(fake.requests.map((request) => request.path)).toEqual(['/compat/v1/embeddings']);
    expect(batch.vectors).toHaveLength(1);
  });

  test('a server that ignores dimensions fails clearly on the size mismatch', async () => {
    // An Ollama-style server answering its model's native 768 whatever was asked.
    const fake = await startServer((request) => openAiEmbeddingsResponse(request.json().input, { dimensions: 768 }));

    const error = await provider(fake, { model: 'nomic-embed-text', dimensions: 256 }).embed(['a'], 'document').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_bad_response' });
    expect((error as Error).message).toMatch(/768-dimensional vectors but 256 are configured/);
  });

  test('a compatible server whose native size matches the configured one works', async () => {
    const fake = await startServer((request) => openAiEmbeddingsResponse(request.json().input, { dimensions: 768, model: 'nomic-embed-text' }));

    const batch = await provider(fake, { model: 'nomic-embed-text', dimensions: 768 }).embed(['a', 'b'], 'query');

    expect(batch.vectors.map((vector) => vector.length)).toEqual([768, 768]);
  });

  test('reorders results by their index', async () => {
    const fake = await startServer((request) => {
      const response = openAiEmbeddingsResponse(request.json().input, { dimensions: 4 });
      (response.body as { data: unknown[] }).data.reverse();
      return response;
    });

    const batch = await provider(fake, { dimensions: 4 }).embed(['a', 'b', 'c'], 'document');

    expect(batch.vectors).toEqual(['a', 'b', 'c'].map((t) => l2Normalize(fakeEmbedding(t, 4))));
  });

  test.each([
    ['not JSON', { body: '{"data": [' , headers: { 'content-type': 'application/json' } }],
    ['no data', { body: { object: 'list' } }],
    ['too few embeddings', { body: { data: [{ index: 0, embedding: [1, 2, 3, 4] }] } }],
    ['non-numeric vector', { body: { data: [{ index: 0, embedding: [1, 'x', 3, 4] }, { index: 1, embedding: [1, 2, 3, 4] }] } }],
  ])('a malformed response (%s) is a bad_response error', async (_name, response) => {
    const fake = await startServer(() => response);

    const error = await provider(fake, { dimensions: 4 }).embed(['a', 'b'], 'document').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_bad_response' });
  });

  test('runs at most `concurrency` requests at once', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const fake = await startServer(async (request) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight--;
      return openAiEmbeddingsResponse(request.json().input, { dimensions: 4 });
    });

    await provider(fake, { dimensions: 4, maxInputsPerRequest: 1, concurrency: 2 }).embed(['a', 'b', 'c', 'd', 'e', 'f'], 'document');

    expect(fake.requests).toHaveLength(6);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(maxInFlight).toBeGreaterThan(1);
  });

  test('rejects empty inputs without calling the API', async () => {
    const fake = await startServer();

    const error = await provider(fake, { dimensions: 4 }).embed(['a', '  '], 'document').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_bad_request' });
    expect((error as Error).message).toMatch(/#1/);
    expect(fake.requests).toHaveLength(0);
  });

  test('no inputs, no request', async () => {
    const fake = await startServer();

    await expect(provider(fake).embed([], 'document')).resolves.toEqual({ vectors: [], tokens: 0 });
    expect(fake.requests).toHaveLength(0);
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

      const error = await provider(fake, { dimensions: 4, ...options }).embed(['a'], 'document').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ProviderError);
      const providerError = error as ProviderError;
      expect(providerError.message).not.toContain(API_KEY);
      expect(JSON.stringify(providerError)).not.toContain(API_KEY);
      expect(String(providerError.cause ?? '')).not.toContain(API_KEY);
      expect(providerError.stack ?? '').not.toContain(API_KEY);
    });
  });
});

describe('planEmbeddingRequests', () => {
  test.each([
    ['fits in one', [1, 1, 1], { maxInputs: 10, maxTokens: 10 }, [[0, 1, 2]]],
    ['by count', [1, 1, 1, 1, 1], { maxInputs: 2, maxTokens: 100 }, [[0, 1], [2, 3], [4]]],
    ['by tokens', [4, 4, 4, 4], { maxInputs: 100, maxTokens: 8 }, [[0, 1], [2, 3]]],
    ['exactly at the token budget', [5, 5, 1], { maxInputs: 100, maxTokens: 10 }, [[0, 1], [2]]],
    ['an input larger than the budget goes alone', [3, 20, 3], { maxInputs: 100, maxTokens: 10 }, [[0], [1], [2]]],
    ['empty', [], { maxInputs: 2, maxTokens: 2 }, []],
  ])('%s', (_name, tokens, limits, expected) => {
    expect(planEmbeddingRequests(tokens, limits)).toEqual(expected);
  });
});
