import { OpenAiEmbeddingProvider } from '#core/embeddings/openai-embedding-provider.js';
import { l2Norm, l2Normalize } from '#core/embeddings/vector-math.js';
import { ConfigError, ProviderError } from '#core/errors.js';
import { fakeEmbedding, openAiEmbeddingsResponse } from '../../../support/fake-openai-server.js';
import { API_KEY, provider, useFakeOpenAiServer } from './openai-test-server.js';

describe('OpenAiEmbeddingProvider', () => {
  const startServer = useFakeOpenAiServer();

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

    const error = await provider(fake, { model: 'nomic-embed-text', dimensions: 256 })
      .embed(['a'], 'document')
      .catch((e: unknown) => e);

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
    ['not JSON', { body: '{"data": [', headers: { 'content-type': 'application/json' } }],
    ['no data', { body: { object: 'list' } }],
    ['too few embeddings', { body: { data: [{ index: 0, embedding: [1, 2, 3, 4] }] } }],
    [
      'non-numeric vector',
      {
        body: {
          data: [
            { index: 0, embedding: [1, 'x', 3, 4] },
            { index: 1, embedding: [1, 2, 3, 4] },
          ],
        },
      },
    ],
  ])('a malformed response (%s) is a bad_response error', async (_name, response) => {
    const fake = await startServer(() => response);

    const error = await provider(fake, { dimensions: 4 })
      .embed(['a', 'b'], 'document')
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_bad_response' });
  });

  test('rejects empty inputs without calling the API', async () => {
    const fake = await startServer();

    const error = await provider(fake, { dimensions: 4 })
      .embed(['a', '  '], 'document')
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_bad_request' });
    expect((error as Error).message).toMatch(/#1/);
    expect(fake.requests).toHaveLength(0);
  });

  test('no inputs, no request', async () => {
    const fake = await startServer();

    await expect(provider(fake).embed([], 'document')).resolves.toEqual({ vectors: [], tokens: 0 });
    expect(fake.requests).toHaveLength(0);
  });
});
