import { contextualText } from '#core/chunking/chunk.js';
import type { Chunk } from '#core/chunking/chunk.js';
import { restrictToCollections, type SearchScope } from '#core/store/search-scope.js';
import type { EmbeddedChunk } from '#core/store/vector-store.js';
import { openTestStore } from '../../../support/test-store.js';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

async function put(t: TestStore, source: string, collection: string, body: string, extra: { format?: string; language?: string } = {}): Promise<void> {
  const chunk: Chunk = { ordinal: 0, header: source, body, headingPath: [], tokenCount: 10 };
  const { vectors } = await t.embedder.embed([contextualText(chunk)], 'document');
  const embedded: EmbeddedChunk[] = [{ ...chunk, embedding: vectors[0]! }];
  await t.store.replaceDocument(
    {
      source,
      collection,
      contentHash: `hash-${source}`,
      title: source,
      format: extra.format ?? 'txt',
      language: extra.language ?? 'en',
      metadata: {},
      byteSize: body.length,
    },
    embedded,
    'english',
  );
}

async function sourcesFound(t: TestStore, text: string, scope: SearchScope | undefined, k = 10): Promise<string[]> {
  const { vectors } = await t.embedder.embed([text], 'query');
  const chunks = await t.store.search({ vector: vectors[0]!, text, k, scope });
  return chunks.map((chunk) => chunk.source).sort();
}

describe('hybrid search within a scope', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
    await put(t, 'finance/budget.txt', 'finance', 'The annual budget for travel is forty thousand euros.');
    await put(t, 'finance/presupuesto.txt', 'finance', 'El presupuesto anual de viajes es de cuarenta mil euros.', { language: 'es' });
    await put(t, 'handbook/travel.md', 'handbook', 'Travel must be booked through the travel desk; the budget is set by finance.', { format: 'markdown' });
    await put(t, 'secret/budget.txt', 'secret', 'The secret budget for travel is one million euros.');
  });
  afterAll(async () => {
    await t.close();
  });

  test.each<[string, SearchScope | undefined, string[]]>([
    ['no scope: every collection', undefined, ['finance/budget.txt', 'finance/presupuesto.txt', 'handbook/travel.md', 'secret/budget.txt']],
    ['one collection', { collections: ['finance'] }, ['finance/budget.txt', 'finance/presupuesto.txt']],
    ['two collections', { collections: ['finance', 'handbook'] }, ['finance/budget.txt', 'finance/presupuesto.txt', 'handbook/travel.md']],
    ['no readable collection', { collections: [] }, []],
    ['a collection with a comma cannot smuggle another in', { collections: ['x,secret'] }, []],
    ['narrowed by language', { collections: ['finance', 'secret'], languages: ['es'] }, ['finance/presupuesto.txt']],
    ['narrowed by format', { collections: ['finance', 'handbook'], formats: ['markdown'] }, ['handbook/travel.md']],
    ['narrowed by source prefix', { collections: ['finance', 'secret'], sourcePrefix: 'secret/' }, ['secret/budget.txt']],
    ['a date range after every document', { collections: ['finance'], updatedFrom: '2999-01-01T00:00:00Z' }, []],
    [
      'a date range around every document',
      { collections: ['finance'], updatedFrom: '2000-01-01T00:00:00Z', updatedTo: '2999-01-01T00:00:00Z' },
      ['finance/budget.txt', 'finance/presupuesto.txt'],
    ],
  ])('%s', async (_, scope, expected) => {
    // act
    const found = await sourcesFound(t, 'travel budget euros presupuesto', scope);

    // assess
    expect(found).toEqual(expected);
  });

  test('top-k is taken over the allowed rows: the best match of another collection does not take a slot', async () => {
    // act: the secret document matches best, but k = 1 inside handbook still finds handbook's chunk
    const found = await sourcesFound(t, 'secret budget travel million euros', { collections: ['handbook'] }, 1);

    // assess
    expect(found).toEqual(['handbook/travel.md']);
  });

  test('the listing is limited to the collections asked for', async () => {
    // act
    const listed = await t.store.listDocuments(['handbook', 'secret']);

    // assess
    expect(listed.map((d) => [d.source, d.collection])).toEqual([
      ['handbook/travel.md', 'handbook'],
      ['secret/budget.txt', 'secret'],
    ]);
  });

  test.each<[string, readonly string[] | undefined, { language: string; documents: number }[]]>([
    [
      'every collection',
      undefined,
      [
        { language: 'en', documents: 3 },
        { language: 'es', documents: 1 },
      ],
    ],
    [
      'finance',
      ['finance'],
      [
        { language: 'en', documents: 1 },
        { language: 'es', documents: 1 },
      ],
    ],
    ['handbook and secret', ['handbook', 'secret'], [{ language: 'en', documents: 2 }]],
    ['none', [], []],
  ])('the document languages of %s', async (_, collections, expected) => {
    // act
    const languages = await t.store.documentLanguages(collections);

    // assess
    expect(languages).toEqual(expected);
  });
});

describe('row-level security (defence in depth)', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
    await put(t, 'finance/budget.txt', 'finance', 'The annual budget for travel is forty thousand euros.');
    await put(t, 'secret/budget.txt', 'secret', 'The secret budget for travel is one million euros.');
  });
  afterAll(async () => {
    await t.close();
  });

  const visible = (collections: readonly string[] | undefined) =>
    t.db.transaction(async (tx) => {
      if (collections) await restrictToCollections(tx, collections);
      else await tx.query('SET LOCAL ROLE rag_reader');
      const documents = await tx.query<{ source: string }>('SELECT source FROM documents ORDER BY source');
      const chunks = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks');
      return { documents: documents.map((d) => d.source), chunks: chunks[0]!.n };
    });

  test.each<[string, readonly string[] | undefined, string[]]>([
    ['without the setting the reader sees nothing', undefined, []],
    ['an empty setting shows nothing', [], []],
    ['the setting shows its collections only', ['finance'], ['finance/budget.txt']],
    ['both collections', ['finance', 'secret'], ['finance/budget.txt', 'secret/budget.txt']],
  ])('%s, even with no WHERE clause', async (_, collections, expected) => {
    // act
    const seen = await visible(collections);

    // assess
    expect(seen).toEqual({ documents: expected, chunks: expected.length });
  });

  test('the setting and the role end with their transaction', async () => {
    // prepare
    await visible(['finance']);

    // act
    const after = await t.db.query<{ role: string; setting: string | null }>(
      "SELECT current_user AS role, nullif(current_setting('rag.collections', true), '') AS setting",
    );

    // assess
    expect(after).toEqual([{ role: 'postgres', setting: null }]);
  });
});
