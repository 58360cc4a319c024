import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { OPENAI_EMBEDDING_DEFAULTS, planEmbeddingRequests } from '#core/embeddings/openai-embedding-provider.js';
import { l2Normalize } from '#core/embeddings/vector-math.js';
import { fakeEmbedding, openAiEmbeddingsResponse } from '../../../support/fake-openai-server.js';
import { PLAIN_TEXT, provider, useFakeOpenAiServer } from './openai-test-server.js';

describe('OpenAiEmbeddingProvider: batching and limits', () => {
  const startServer = useFakeOpenAiServer();

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
});

describe('planEmbeddingRequests', () => {
  test.each([
    ['fits in one', [1, 1, 1], { maxInputs: 10, maxTokens: 10 }, [[0, 1, 2]]],
    ['by count', [1, 1, 1, 1, 1], { maxInputs: 2, maxTokens: 100 }, [[0, 1], [2, 3], [4]]],
    [
      'by tokens',
      [4, 4, 4, 4],
      { maxInputs: 100, maxTokens: 8 },
      [
        [0, 1],
        [2, 3],
      ],
    ],
    ['exactly at the token budget', [5, 5, 1], { maxInputs: 100, maxTokens: 10 }, [[0, 1], [2]]],
    ['an input larger than the budget goes alone', [3, 20, 3], { maxInputs: 100, maxTokens: 10 }, [[0], [1], [2]]],
    ['empty', [], { maxInputs: 2, maxTokens: 2 }, []],
  ])('%s', (_name, tokens, limits, expected) => {
    expect(planEmbeddingRequests(tokens, limits)).toEqual(expected);
  });
});
