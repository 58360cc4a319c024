import { createHash } from 'node:crypto';
import { LocalHashingEmbeddingProvider, lightStem } from '#core/embeddings/local-hashing-embedding-provider.js';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

describe('LocalHashingEmbeddingProvider', () => {
  const embedder = new LocalHashingEmbeddingProvider({ dimensions: 512 });

  test('vectors are L2-normalised, deterministic and of the configured size', async () => {
    // act
    const first = await embedder.embed(['Abraham Lincoln was the sixteenth president', ''], 'document');
    const second = await embedder.embed(['Abraham Lincoln was the sixteenth president'], 'query');

    // assess
    expect(first.vectors[0]).toHaveLength(512);
    expect(Math.hypot(...first.vectors[0]!)).toBeCloseTo(1, 10);
    expect(first.vectors[0]).toEqual(second.vectors[0]);
    expect(first.vectors[1]!.every((value) => value === 0)).toBe(true);
    expect(embedder.id).toBe('local:hashing-v1@512');
  });

  test.each([
    ['accents do not matter', 'película dirigida', 'pelicula dirigida', 0.99],
    ['case does not matter', 'ABRAHAM LINCOLN', 'abraham lincoln', 0.99],
    ['plural meets singular', 'kangaroos', 'kangaroo', 0.5],
    ['Spanish and English cognates share character n-grams', 'presidente', 'president', 0.15],
    ['a typo stays close', 'kangaroo habitat', 'kangarooo habitat', 0.5],
  ])('%s', async (_name, a, b, atLeast) => {
    // act
    const { vectors } = await embedder.embed([a, b], 'document');

    // assess
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThanOrEqual(atLeast);
  });

  test('a related passage scores higher than an unrelated one', async () => {
    // act
    const { vectors } = await embedder.embed(
      [
        'Who was the sixteenth president of the United States?',
        'Abraham Lincoln served as the 16th President of the United States.',
        'Kangaroos are marsupials found in Australia.',
      ],
      'document',
    );

    // assess
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[2]!) + 0.1);
  });

  test('stopwords alone carry no signal', async () => {
    const { vectors } = await embedder.embed(['the of and', 'el de la y'], 'document');
    expect(vectors.every((vector) => vector.every((value) => value === 0))).toBe(true);
  });

  test('reports word counts as tokens', async () => {
    const { tokens } = await embedder.embed(['one two three', 'four'], 'document');
    expect(tokens).toBe(4);
  });

  // Stored vectors must not change under a refactor: these fingerprints pin every bit of them.
  test.each([
    [
      512,
      'Abraham Lincoln was the sixteenth President of the United States, serving from March 1861 until his assassination in April 1865.',
      '32402a9bc794243d',
    ],
    [
      512,
      'La película dirigida por Brian Desmond Hurst se estrenó en 1951; las críticas fueron muy favorables y rápidamente se convirtió en un clásico.',
      '5d22633350741623',
    ],
    [512, 'Kangaroos kangaroos KANGAROOS studies studied 2024 3.14 e.g. naïve café 東京都 привет', '3f22cb1b271aa95a'],
    [
      64,
      'Abraham Lincoln was the sixteenth President of the United States, serving from March 1861 until his assassination in April 1865.',
      '3e3abbb2d8c408e4',
    ],
    [64, 'Kangaroos kangaroos KANGAROOS studies studied 2024 3.14 e.g. naïve café 東京都 привет', '61bda1d35e53005f'],
  ])('the %i-dimension vector of a known text is bit-for-bit unchanged (%#)', async (dimensions, text, fingerprint) => {
    // act
    const { vectors } = await new LocalHashingEmbeddingProvider({ dimensions }).embed([text], 'document');

    // assess
    const bytes = Buffer.from(new Float64Array(vectors[0]!).buffer);
    expect(createHash('sha256').update(bytes).digest('hex').slice(0, 16)).toBe(fingerprint);
  });

  test('one provider gives the same vector for a text however many texts it embedded before', async () => {
    // prepare
    const text = 'The kangaroo habitat spans the grasslands of eastern Australia.';
    const fresh = await new LocalHashingEmbeddingProvider().embed([text], 'document');
    const warmed = new LocalHashingEmbeddingProvider();
    await warmed.embed(['Kangaroos graze at dusk.', 'Grasslands of Australia host many marsupials.'], 'document');

    // act
    const again = await warmed.embed([text], 'query');

    // assess
    expect(again.vectors[0]).toEqual(fresh.vectors[0]);
  });

  test('rejects a dimension outside 16..4096', () => {
    expect(() => new LocalHashingEmbeddingProvider({ dimensions: 8 })).toThrow(RangeError);
  });
});

describe('lightStem', () => {
  test.each([
    ['kangaroos', 'kangaroo'],
    ['películas', 'películas'.slice(0, -1)],
    ['directed', 'direct'],
    ['studies', 'study'],
    ['rápidamente', 'rápida'],
    ['naciones', 'nacion'],
    ['cat', 'cat'],
  ])('%s → %s', (word, stem) => {
    expect(lightStem(word)).toBe(stem);
  });
});
