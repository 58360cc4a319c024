import { contextualText } from '#core/chunking/chunk.js';
import type { Chunk } from '#core/chunking/chunk.js';
import { PgVectorStore } from '#core/store/pg-vector-store.js';
import { type WordMatches, countWordMatches, queryTerms, queryWords, selectTextTerms } from '#core/store/text-terms.js';
import type { DocumentToStore, EmbeddedChunk, TextSearchConfig } from '#core/store/vector-store.js';
import { openTestStore } from '../../../support/test-store.js';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

function documentFor(source: string): DocumentToStore {
  return { source, contentHash: `hash-${source}`, title: 'Notes', format: 'txt', language: 'en', metadata: {}, byteSize: 100 };
}

async function store(t: TestStore, source: string, bodies: string[], textConfig: TextSearchConfig = 'english'): Promise<void> {
  const chunks: Chunk[] = bodies.map((body, ordinal) => ({ ordinal, header: 'Notes', body, headingPath: [], tokenCount: 10 }));
  const { vectors } = await t.embedder.embed(chunks.map(contextualText), 'document');
  const embedded: EmbeddedChunk[] = chunks.map((chunk, i) => ({ ...chunk, embedding: vectors[i]! }));
  await t.store.replaceDocument(documentFor(source), embedded, textConfig);
}

async function search(t: TestStore, target: PgVectorStore, text: string, k: number) {
  const { vectors } = await t.embedder.embed([text], 'query');
  return target.search({ vector: vectors[0]!, text, k });
}

describe('queryWords and queryTerms', () => {
  test.each([
    ['Who was the sixteenth President?', ['sixteenth', 'president'], 'sixteenth or president'],
    ['¿Quién dirigió la PELÍCULA? ¿la película?', ['dirigio', 'pelicula'], 'dirigio or pelicula'],
    ['What is it?', [], ''],
    ['a b c x1', ['x1'], 'x1'],
  ])('%s', (text, words, terms) => {
    // act
    const found = queryWords(text);

    // assess
    expect(found).toEqual(words);
    expect(queryTerms(text)).toBe(terms);
  });
});

describe('selectTextTerms', () => {
  const counts = (entries: [string, number][]): WordMatches[] => entries.map(([word, matches]) => ({ word, matches }));

  test.each([
    [
      'keeps every word when all fit',
      [
        ['lincoln', 3],
        ['president', 10],
      ],
      100,
      ['lincoln', 'president'],
    ],
    [
      'keeps the rarest first',
      [
        ['president', 10],
        ['lincoln', 3],
      ],
      100,
      ['lincoln', 'president'],
    ],
    [
      'drops a word matching more chunks than the budget',
      [
        ['lincoln', 3],
        ['new', 101],
      ],
      100,
      ['lincoln'],
    ],
    [
      'stops once the next word would overflow the budget',
      [
        ['a1', 40],
        ['b1', 50],
        ['c1', 20],
      ],
      70,
      ['c1', 'a1'],
    ],
    [
      'drops words no chunk contains',
      [
        ['zzz', 0],
        ['lincoln', 3],
      ],
      100,
      ['lincoln'],
    ],
    [
      'keeps nothing when every word is too common',
      [
        ['new', 101],
        ['one', 500],
      ],
      100,
      [],
    ],
    [
      'breaks ties by word, whatever the input order',
      [
        ['beta', 5],
        ['alpha', 5],
      ],
      100,
      ['alpha', 'beta'],
    ],
  ] as [string, [string, number][], number, string[]][])('%s', (_, entries, budget, expected) => {
    // act
    const kept = selectTextTerms(counts(entries), budget);

    // assess
    expect(kept).toEqual(expected);
  });
});

describe('PgVectorStore full-text half on a larger corpus', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore();
  });
  afterEach(async () => {
    await t.close();
  });

  test('countWordMatches counts each word through both stemmers, up to the cap', async () => {
    // prepare
    await store(t, 'rivers.txt', ['The river floods.', 'Rivers meet the sea.', 'A river delta.', 'The mountain.']);
    await store(t, 'rios.txt', ['Las películas del director.'], 'spanish');

    // act
    const counts = await countWordMatches(t.db, ['river', 'mountain', 'pelicula', 'absent'], 2);

    // assess
    expect(counts).toEqual([
      { word: 'river', matches: 2 },
      { word: 'mountain', matches: 1 },
      { word: 'pelicula', matches: 1 },
      { word: 'absent', matches: 0 },
    ]);
  });

  test('a word found in many chunks no longer outranks a rare one', async () => {
    // prepare: ten chunks repeat the common word; one chunk holds the rare word once.
    const common = Array.from({ length: 10 }, (_, i) => `The river bends, the river widens, the river runs past town ${i}.`);
    await store(t, 'rivers.txt', common);
    await store(t, 'axolotl.txt', ['An axolotl was seen near the old mill.']);
    const pruning = new PgVectorStore(t.db, { textMatchBudget: 5 });
    await pruning.bindEmbeddingModel(t.embedder.id, t.embedder.dimensions);

    // act
    const results = await search(t, pruning, 'axolotl river', 11);

    // assess
    expect(results[0]!.source).toBe('axolotl.txt');
    expect(results[0]!.textScore).toBeGreaterThan(0);
    expect(results.filter((result) => result.source === 'rivers.txt').every((result) => result.textScore === 0)).toBe(true);
  });

  test('with a budget that fits every word, the common word still counts', async () => {
    // prepare
    await store(
      t,
      'rivers.txt',
      Array.from({ length: 10 }, (_, i) => `The river bends near town ${i}.`),
    );
    await store(t, 'axolotl.txt', ['An axolotl was seen near the old mill.']);

    // act
    const results = await search(t, t.store, 'axolotl river', 11);

    // assess
    expect(results.filter((result) => result.source === 'rivers.txt').every((result) => result.textScore > 0)).toBe(true);
  });

  test.each([
    [0, true],
    [600_000, false],
  ])('a word once too common, remembered for %i ms, is searched again: %s', async (commonWordTtlMs, searchedAgain) => {
    // prepare: "river" is too common for a budget of 5, then most of its chunks go away.
    await store(
      t,
      'rivers.txt',
      Array.from({ length: 10 }, (_, i) => `The river bends near town ${i}.`),
    );
    await store(t, 'delta.txt', ['A river delta.']);
    const pruning = new PgVectorStore(t.db, { textMatchBudget: 5, commonWordTtlMs });
    await pruning.bindEmbeddingModel(t.embedder.id, t.embedder.dimensions);
    await search(t, pruning, 'river', 3);
    await t.store.deleteDocument('rivers.txt');

    // act
    const [best] = await search(t, pruning, 'river', 1);

    // assess
    expect(best!.source).toBe('delta.txt');
    expect(best!.textScore > 0).toBe(searchedAgain);
  });

  test('a word no chunk had is searchable as soon as a chunk has it', async () => {
    // prepare
    await store(t, 'rivers.txt', ['The river bends.']);
    const before = await search(t, t.store, 'axolotl', 1);
    await store(t, 'axolotl.txt', ['An axolotl was seen near the old mill.']);

    // act
    const [best] = await search(t, t.store, 'axolotl', 1);

    // assess
    expect(before[0]!.textScore).toBe(0);
    expect(best).toMatchObject({ source: 'axolotl.txt' });
    expect(best!.textScore).toBeGreaterThan(0);
  });

  test('equal scores come back in the same order every time', async () => {
    // prepare: identical chunks tie on both halves.
    const same = 'Otters hold hands while they sleep.';
    for (const source of ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']) await store(t, source, [same]);

    // act
    const first = await search(t, t.store, 'do otters sleep', 3);
    const again = await search(t, t.store, 'do otters sleep', 3);

    // assess
    expect(first.map((result) => result.chunkId)).toEqual(again.map((result) => result.chunkId));
    const ids = first.map((result) => result.chunkId);
    expect(ids).toEqual([...ids].sort());
  });
});
