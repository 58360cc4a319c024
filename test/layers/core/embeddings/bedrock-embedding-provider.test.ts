import {
  BedrockEmbeddingProvider,
  COHERE_EMBED_MULTILINGUAL_V3,
  TITAN_EMBED_TEXT_V2,
  type BedrockEmbeddingOptions,
} from '#core/embeddings/bedrock-embedding-provider.js';
import { l2Norm, l2Normalize } from '#core/embeddings/vector-math.js';
import { ConfigError, ProviderError } from '#core/errors.js';
import type { RetryEvent } from '#core/providers/retry-policy.js';
import {
  bedrockClientOptions,
  bedrockErrorResponse,
  bedrockTestClient,
  FAKE_AWS_CREDENTIALS,
  parseBedrockPath,
  startFakeBedrockServer,
} from '../../../support/fake-bedrock-server.js';
import type { FakeHandler, FakeServer } from '../../../support/fake-http-server.js';
import { fakeEmbedding } from '../../../support/fake-openai-server.js';

const FAST_RETRIES = { baseDelayMs: 1, maxDelayMs: 5 };

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startServer(handler?: FakeHandler): Promise<FakeServer> {
  server = await startFakeBedrockServer(handler ? { handler } : {});
  return server;
}

function provider(fake: FakeServer, options: Partial<BedrockEmbeddingOptions> = {}): BedrockEmbeddingProvider {
  return new BedrockEmbeddingProvider({ ...bedrockClientOptions(fake), retry: FAST_RETRIES, ...options });
}

describe('BedrockEmbeddingProvider', () => {
  test.each([
    [{}, `bedrock:${TITAN_EMBED_TEXT_V2}@1024`, 1024],
    [{ dimensions: 256 }, `bedrock:${TITAN_EMBED_TEXT_V2}@256`, 256],
    [{ modelId: COHERE_EMBED_MULTILINGUAL_V3 }, `bedrock:${COHERE_EMBED_MULTILINGUAL_V3}@1024`, 1024],
  ])('options %j → id %s', (options, id, dimensions) => {
    const embeddings = new BedrockEmbeddingProvider({ region: 'us-east-1', ...options });

    expect(embeddings.id).toBe(id);
    expect(embeddings.dimensions).toBe(dimensions);
  });

  test.each([
    ['Titan with an unsupported size', { dimensions: 768 }],
    ['Cohere with another size than 1024', { modelId: COHERE_EMBED_MULTILINGUAL_V3, dimensions: 512 }],
    ['an unsupported model', { modelId: 'amazon.titan-embed-image-v1' }],
  ])('rejects %s at construction', (_name, options) => {
    expect(() => new BedrockEmbeddingProvider({ region: 'us-east-1', ...options })).toThrow(ConfigError);
  });

  test('Titan: one InvokeModel call per text, with the documented body and path', async () => {
    // prepare
    const fake = await startServer();
    const embeddings = provider(fake, { dimensions: 512 });
    const texts = ['primero', 'second', 'tercero'];

    // act
    const batch = await embeddings.embed(texts, 'document');

    // assess
    expect(fake.requests).toHaveLength(3);
    for (const request of fake.requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/model/amazon.titan-embed-text-v2%3A0/invoke');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKE/);
    }
    const bodies = fake.requests.map((request) => request.json());
    expect(bodies.map((body) => body.inputText).sort()).toEqual([...texts].sort());
    for (const body of bodies) expect(body).toEqual({ inputText: expect.any(String), dimensions: 512, normalize: true });
    expect(batch.vectors).toEqual(texts.map((text) => l2Normalize(fakeEmbedding(text, 512))));
    for (const vector of batch.vectors) expect(l2Norm(vector)).toBeCloseTo(1, 10);
    expect(batch.tokens).toBe(2 + 2 + 2); // inputTextTokenCount, ceil(length / 4) in the fake
  });

  test('Titan: runs at most `concurrency` calls at once', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const fake = await startServer(async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight--;
      return undefined;
    });

    const batch = await provider(fake, { concurrency: 3 }).embed(
      Array.from({ length: 9 }, (_, i) => `texto ${i}`),
      'document',
    );

    expect(batch.vectors).toHaveLength(9);
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(maxInFlight).toBeGreaterThan(1);
  });

  test('Cohere: up to 96 texts per call, input_type from the purpose, truncate END', async () => {
    // prepare
    const fake = await startServer();
    const embeddings = provider(fake, { modelId: COHERE_EMBED_MULTILINGUAL_V3 });
    const texts = Array.from({ length: 200 }, (_, i) => `documento número ${i}`);

    // act
    const documents = await embeddings.embed(texts, 'document');
    const query = await embeddings.embed(['¿dónde?'], 'query');

    // assess
    const calls = fake.requests.map((request) => ({ path: request.path, body: request.json() }));
    expect(calls.every((call) => call.path === '/model/cohere.embed-multilingual-v3/invoke')).toBe(true);
    expect(calls.map((call) => call.body.texts.length)).toEqual(expect.arrayContaining([96, 96, 8, 1]));
    expect(calls).toHaveLength(4);
    const documentCalls = calls.filter((call) => call.body.input_type === 'search_document');
    expect(documentCalls.flatMap((call) => call.body.texts).sort()).toEqual([...texts].sort());
    expect(calls.find((call) => call.body.input_type === 'search_query')?.body).toEqual({
      texts: ['¿dónde?'],
      input_type: 'search_query',
      truncate: 'END',
    });
    expect(documents.vectors).toHaveLength(200);
    expect(documents.vectors[150]).toEqual(l2Normalize(fakeEmbedding('documento número 150', 1024)));
    expect(query.vectors[0]).toEqual(l2Normalize(fakeEmbedding('¿dónde?', 1024)));
  });

  test('Cohere: tokens come from the X-Amzn-Bedrock-Input-Token-Count header', async () => {
    const fake = await startServer((request) => {
      const texts: string[] = request.json().texts;
      return {
        headers: { 'X-Amzn-Bedrock-Input-Token-Count': '77' },
        body: { id: 'x', texts, embeddings: texts.map((t) => fakeEmbedding(t, 1024)), response_type: 'embeddings_floats' },
      };
    });

    const batch = await provider(fake, { modelId: COHERE_EMBED_MULTILINGUAL_V3 }).embed(['a', 'b'], 'document');

    expect(batch.tokens).toBe(77);
  });

  test('Cohere: texts longer than 2,048 characters are cut before sending', async () => {
    const fake = await startServer();

    await provider(fake, { modelId: COHERE_EMBED_MULTILINGUAL_V3 }).embed(['ñ'.repeat(5000)], 'document');

    expect(fake.requests[0]?.json().texts[0]).toBe('ñ'.repeat(2048));
  });

  test('retries ThrottlingException (429), then succeeds', async () => {
    // prepare
    const events: RetryEvent[] = [];
    const fake = await startServer((_request, { index }) =>
      index < 2 ? bedrockErrorResponse(429, 'ThrottlingException', 'Too many requests, please wait before trying again.') : undefined,
    );

    // act
    const batch = await provider(fake, { retry: { ...FAST_RETRIES, onRetry: (event) => events.push(event) } }).embed(['hola'], 'document');

    // assess
    expect(fake.requests).toHaveLength(3);
    expect(batch.vectors).toEqual([l2Normalize(fakeEmbedding('hola', 1024))]);
    expect(events.map((event) => event.errorType)).toEqual(['THROTTLING', 'THROTTLING']);
  });

  test('honours Retry-After on a throttled call', async () => {
    const events: RetryEvent[] = [];
    const fake = await startServer((_request, { index }) =>
      index === 0
        ? { ...bedrockErrorResponse(429, 'ThrottlingException', 'slow down'), headers: { 'x-amzn-errortype': 'ThrottlingException', 'retry-after': '0.05' } }
        : undefined,
    );

    await provider(fake, { retry: { ...FAST_RETRIES, onRetry: (event) => events.push(event) } }).embed(['hola'], 'document');

    expect(fake.requests).toHaveLength(2);
    expect(events).toHaveLength(1);
    expect(events[0]?.delayMs).toBeGreaterThanOrEqual(events[0]?.retryAfterMs ?? Number.POSITIVE_INFINITY);
    expect(events[0]?.retryAfterMs).toBeGreaterThan(0);
  });

  test('retries a 5xx', async () => {
    const fake = await startServer((_request, { index }) =>
      index === 0 ? bedrockErrorResponse(503, 'ServiceUnavailableException', 'Service unavailable') : undefined,
    );

    const batch = await provider(fake).embed(['hola'], 'document');

    expect(fake.requests).toHaveLength(2);
    expect(batch.vectors).toHaveLength(1);
  });

  test.each([
    [429, 'ThrottlingException', 'provider_rate_limited', 3],
    [403, 'AccessDeniedException', 'provider_auth', 1],
    [400, 'ValidationException', 'provider_bad_request', 1],
    [404, 'ResourceNotFoundException', 'provider_bad_request', 1],
    [500, 'InternalServerException', 'provider_unavailable', 3],
    [408, 'ModelTimeoutException', 'provider_timeout', 1],
  ])('HTTP %i %s → %s after %i call(s)', async (status, errorType, code, calls) => {
    const fake = await startServer(() => bedrockErrorResponse(status, errorType, `${errorType} happened`));

    const error = await provider(fake, { maxAttempts: 3 })
      .embed(['hola'], 'document')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code, provider: 'bedrock' });
    expect(fake.requests).toHaveLength(calls);
  });

  test('an auth error says what to check', async () => {
    const fake = await startServer(() => bedrockErrorResponse(403, 'AccessDeniedException', 'You do not have access to the model'));

    const error = await provider(fake)
      .embed(['hola'], 'document')
      .catch((e: unknown) => e);

    expect((error as Error).message).toMatch(/AWS_PROFILE|IAM role/);
    expect((error as Error).message).toMatch(/bedrock:InvokeModel/);
  });

  test('a silent endpoint times out', async () => {
    const fake = await startServer(() => ({ hang: true }));

    const error = await provider(fake, { timeoutMs: 100, maxAttempts: 2 })
      .embed(['hola'], 'document')
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_timeout' });
    expect(fake.requests).toHaveLength(2);
  });

  test.each([
    ['not JSON', { body: '{"embedding": [', headers: { 'content-type': 'application/json' } }],
    ['no embedding', { body: { inputTextTokenCount: 3 } }],
    ['wrong size', { body: { embedding: [1, 2, 3], inputTextTokenCount: 3 } }],
  ])('a malformed Titan response (%s) is a bad_response error', async (_name, response) => {
    const fake = await startServer(() => response);

    const error = await provider(fake)
      .embed(['hola'], 'document')
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_bad_response' });
  });

  test('uses a client passed in', async () => {
    const fake = await startServer();
    const client = bedrockTestClient(fake);

    const batch = await new BedrockEmbeddingProvider({ client, dimensions: 256 }).embed(['hola'], 'document');

    expect(batch.vectors[0]).toHaveLength(256);
    expect(parseBedrockPath(fake.requests[0]?.path ?? '')).toEqual({ modelId: TITAN_EMBED_TEXT_V2, operation: 'invoke' });
  });

  test('never reveals the AWS secret key', async () => {
    const fake = await startServer(() =>
      bedrockErrorResponse(403, 'InvalidSignatureException', `Signature mismatch for ${FAKE_AWS_CREDENTIALS.secretAccessKey}`),
    );

    const error = await provider(fake)
      .embed(['hola'], 'document')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).not.toContain(FAKE_AWS_CREDENTIALS.secretAccessKey);
    expect(JSON.stringify(error)).not.toContain(FAKE_AWS_CREDENTIALS.secretAccessKey);
  });
});
