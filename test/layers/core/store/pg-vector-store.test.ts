import { contextualText } from '#core/chunking/chunk.js';
import type { Chunk } from '#core/chunking/chunk.js';
import { LocalHashingEmbeddingProvider } from '#core/embeddings/local-hashing-embedding-provider.js';
import { efSearchForChunks } from '#core/store/ef-search.js';
import { buildMemoryMb, indexSignature } from '#core/store/hnsw-index.js';
import { PgVectorStore } from '#core/store/pg-vector-store.js';
import type { DocumentToStore, EmbeddedChunk } from '#core/store/vector-store.js';
import { openTestStore } from '../../../support/test-store.js';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

function documentFor(source: string, contentHash = `hash-${source}`): DocumentToStore {
  return { source, contentHash, title: source.replace(/\..*$/, ''), format: 'txt', language: 'en', metadata: {}, byteSize: 100 };
}

async function embedChunks(t: TestStore, bodies: string[], title = 'Doc'): Promise<EmbeddedChunk[]> {
  const chunks: Chunk[] = bodies.map((body, ordinal) => ({ ordinal, header: title, body, headingPath: [], tokenCount: 10 }));
  const { vectors } = await t.embedder.embed(chunks.map(contextualText), 'document');
  return chunks.map((chunk, i) => ({ ...chunk, embedding: vectors[i]! }));
}

describe('PgVectorStore', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore();
  });
  afterEach(async () => {
    await t.close();
  });

  test('an unchanged document writes no new rows', async () => {
    // prepare
    const chunks = await embedChunks(t, ['Kangaroos live in Australia.', 'They hop.']);
    const first = await t.store.replaceDocument(documentFor('k.txt'), chunks, 'english');
    const before = await t.db.query<{ id: string }>('SELECT id FROM chunks ORDER BY id');

    // act
    const second = await t.store.replaceDocument(documentFor('k.txt'), chunks, 'english');

    // assess
    expect(first.status).toBe('indexed');
    expect(second.status).toBe('unchanged');
    expect(await t.db.query('SELECT id FROM chunks ORDER BY id')).toEqual(before);
    expect(second.document.updatedAt).toBe(first.document.updatedAt);
  });

  test.each([
    ['a spread of signs and sizes', (i: number) => Math.sin(i * 1.7) * (i % 7 === 0 ? 1e-4 : 1)],
    ['one dominant component', (i: number) => (i === 3 ? 50 : 1e-3)],
    ['a vector that is not unit length', (i: number) => (i % 2 === 0 ? 3 : -4)],
  ])('stores %s as its unit direction, within float32 precision', async (_name, component) => {
    // prepare
    const raw = Array.from({ length: t.embedder.dimensions }, (_, i) => component(i));
    const norm = Math.hypot(...raw);
    const chunk: EmbeddedChunk = { ordinal: 0, header: 'Doc', body: 'Body.', headingPath: [], tokenCount: 2, embedding: raw };

    // act
    await t.store.replaceDocument(documentFor('v.txt'), [chunk], 'english');
    const [row] = await t.db.query<{ embedding: string }>('SELECT embedding::text AS embedding FROM chunks');

    // assess
    const stored = JSON.parse(row!.embedding) as number[];
    expect(stored).toHaveLength(raw.length);
    const worst = Math.max(...stored.map((value, i) => Math.abs(value - raw[i]! / norm)));
    expect(worst).toBeLessThan(1e-6);
  });

  test('a changed document replaces all its chunks and keeps its id', async () => {
    // prepare
    const first = await t.store.replaceDocument(documentFor('k.txt', 'v1'), await embedChunks(t, ['old one', 'old two', 'old three']), 'english');

    // act
    const second = await t.store.replaceDocument(documentFor('k.txt', 'v2'), await embedChunks(t, ['new text']), 'english');

    // assess
    expect(second.status).toBe('indexed');
    expect(second.document.id).toBe(first.document.id);
    const bodies = await t.db.query<{ body: string }>('SELECT body FROM chunks');
    expect(bodies.map((b) => b.body)).toEqual(['new text']);
    expect(second.document.chunkCount).toBe(1);
  });

  test('a failed replacement leaves the previous version whole', async () => {
    // prepare
    await t.store.replaceDocument(documentFor('k.txt', 'v1'), await embedChunks(t, ['old one', 'old two']), 'english');
    const bad = await embedChunks(t, ['new one', 'new two']);
    bad[1] = { ...bad[1]!, ordinal: 0 }; // duplicate ordinal violates the unique key mid-write

    // act
    await expect(t.store.replaceDocument(documentFor('k.txt', 'v2'), bad, 'english')).rejects.toThrow();

    // assess
    const bodies = await t.db.query<{ body: string }>('SELECT body FROM chunks ORDER BY ordinal');
    expect(bodies.map((b) => b.body)).toEqual(['old one', 'old two']);
    expect((await t.store.findDocumentBySource('k.txt'))!.contentHash).toBe('v1');
  });

  test('deleting a document removes its chunks, by id or by source', async () => {
    // prepare
    const a = await t.store.replaceDocument(documentFor('a.txt'), await embedChunks(t, ['alpha']), 'english');
    await t.store.replaceDocument(documentFor('b.txt'), await embedChunks(t, ['beta']), 'english');

    // act
    const byId = await t.store.deleteDocument(a.document.id);
    const bySource = await t.store.deleteDocument('b.txt');
    const missing = await t.store.deleteDocument('nope.txt');

    // assess
    expect(byId?.source).toBe('a.txt');
    expect(bySource?.source).toBe('b.txt');
    expect(missing).toBeUndefined();
    expect(await t.store.countChunks()).toBe(0);
  });

  test('refuses to mix embedding models in one index', async () => {
    // prepare
    await t.store.replaceDocument(documentFor('a.txt'), await embedChunks(t, ['alpha']), 'english');
    const other = new LocalHashingEmbeddingProvider({ dimensions: 128 });

    // act + assess
    await expect(t.store.bindEmbeddingModel(other.id, other.dimensions)).rejects.toThrow(/built with the embedding model local:hashing-v1@256/);
  });

  test('a reader checks the recorded embedding model but never records one', async () => {
    // prepare
    await t.db.query('DELETE FROM index_settings');
    const reader = new PgVectorStore(t.db);
    const other = new LocalHashingEmbeddingProvider({ dimensions: 128 });

    // act
    await reader.bindEmbeddingModel(other.id, other.dimensions, { record: false });
    const afterReader = await t.db.query('SELECT key FROM index_settings');
    await t.store.bindEmbeddingModel(t.embedder.id, t.embedder.dimensions);
    await t.store.replaceDocument(documentFor('a.txt'), await embedChunks(t, ['alpha']), 'english');

    // assess
    expect(afterReader).toEqual([]);
    await expect(reader.bindEmbeddingModel(other.id, other.dimensions, { record: false })).rejects.toThrow(
      /built with the embedding model local:hashing-v1@256/,
    );
  });

  test('search returns scores and source metadata, best first', async () => {
    // prepare
    await t.store.replaceDocument(
      documentFor('kangaroo.txt'),
      await embedChunks(t, ['Kangaroos are marsupials that hop across Australia.'], 'Kangaroo'),
      'english',
    );
    await t.store.replaceDocument(
      documentFor('lincoln.txt'),
      await embedChunks(t, ['Abraham Lincoln was the sixteenth president.'], 'Abraham Lincoln'),
      'english',
    );
    const query = 'Who was the sixteenth president?';
    const { vectors } = await t.embedder.embed([query], 'query');

    // act
    const results = await t.store.search({ vector: vectors[0]!, text: query, k: 2 });

    // assess
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ source: 'lincoln.txt', title: 'lincoln', score: 1 });
    expect(results[0]!.textScore).toBeGreaterThan(0);
    expect(results[0]!.vectorScore).toBeGreaterThan(results[1]!.vectorScore);
    expect(results[1]!.score).toBeLessThan(results[0]!.score);
  });

  test('the similarity reported is the full-precision cosine, though above 2,000 dimensions the vector half ranks in half precision', async () => {
    // prepare
    const wide = await openTestStore({ dimensions: 3072 });
    try {
      const chunks = await embedChunks(wide, ['Kangaroos live in Australia and hop across the outback.']);
      await wide.store.replaceDocument(documentFor('k.txt'), chunks, 'english');
      const query = 'where do kangaroos live';
      const { vectors } = await wide.embedder.embed([query], 'query');
      const literal = `[${vectors[0]!.join(',')}]`;
      const [full] = await wide.db.query<{ s: number }>('SELECT -(embedding <#> $1::vector) AS s FROM chunks', [literal]);
      const [half] = await wide.db.query<{ s: number }>('SELECT -(embedding::halfvec <#> $1::halfvec) AS s FROM chunks', [literal]);

      // act
      const [best] = await wide.store.search({ vector: vectors[0]!, text: query, k: 1 });

      // assess
      expect(Math.abs(full!.s - half!.s)).toBeGreaterThan(1e-9);
      expect(Math.abs(best!.vectorScore - full!.s)).toBeLessThan(1e-9);
    } finally {
      await wide.close();
    }
  });

  test('the full-text half matches Spanish words whatever their accents', async () => {
    // prepare
    await t.store.replaceDocument(documentFor('es.txt'), await embedChunks(t, ['La película fue dirigida por Brian Desmond Hurst.']), 'spanish');
    await t.store.replaceDocument(documentFor('other.txt'), await embedChunks(t, ['Los canguros viven en Australia.']), 'spanish');
    const query = 'quien dirigio la pelicula';
    const { vectors } = await t.embedder.embed([query], 'query');

    // act
    const [best] = await t.store.search({ vector: vectors[0]!, text: query, k: 1 });

    // assess
    expect(best!.source).toBe('es.txt');
    expect(best!.textScore).toBeGreaterThan(0);
  });
});

describe('PgVectorStore vector index', () => {
  test.each([
    [256, 'vector(256)'],
    [512, 'vector(512)'],
    [2000, 'vector(2000)'],
    [2001, 'halfvec(2001)'],
    [3072, 'halfvec(3072)'],
  ])('builds HNSW over %i-d vectors through a %s expression and the planner uses it', async (dimensions, cast) => {
    // prepare
    const t = await openTestStore({ dimensions, indexPolicy: 'hnsw' });
    try {
      for (let i = 0; i < 20; i += 1) {
        await t.store.replaceDocument(documentFor(`d${i}.txt`), await embedChunks(t, [`document number ${i} about topic ${i % 5}`]), 'english');
      }

      // act
      const state = await t.store.refreshIndex();
      const query = 'topic 3';
      const { vectors } = await t.embedder.embed([query], 'query');
      const results = await t.store.search({ vector: vectors[0]!, text: query, k: 3 });
      const indexes = await t.db.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'chunks_embedding_hnsw'");
      await t.db.query('SET enable_seqscan = off');
      const plan = await t.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM chunks ORDER BY embedding::${cast} <#> $1::${cast} LIMIT 5`, [
        `[${vectors[0]!.join(',')}]`,
      ]);

      // assess
      expect(state).toEqual({ kind: 'hnsw', chunks: 20, built: true });
      expect(indexes[0]!.indexdef).toContain(`(embedding)::${cast.replace(/\(.*/, '')}(${dimensions})`);
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('chunks_embedding_hnsw');
      expect(results).toHaveLength(3);
    } finally {
      await t.close();
    }
  });

  test('an index built with other settings (an older release: vector cast, no signature) is rebuilt on refresh and the rows are kept', async () => {
    // prepare
    const t = await openTestStore({ dimensions: 256, indexPolicy: 'hnsw' });
    try {
      for (let i = 0; i < 12; i += 1) {
        await t.store.replaceDocument(documentFor(`d${i}.txt`), await embedChunks(t, [`document number ${i} about topic ${i % 4}`]), 'english');
      }
      await t.db.query('CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw ((embedding::vector(256)) vector_ip_ops)');
      const before = await t.db.query<{ id: string }>('SELECT id FROM chunks ORDER BY id');

      // act
      const state = await t.store.refreshIndex();
      const again = await t.store.refreshIndex();

      // assess
      const [index] = await t.db.query<{ indexdef: string; signature: string }>(
        "SELECT indexdef, obj_description(indexrelid, 'pg_class') AS signature FROM pg_indexes JOIN pg_index ON indexrelid = (schemaname || '.' || indexname)::regclass WHERE indexname = 'chunks_embedding_hnsw'",
      );
      expect(state).toEqual({ kind: 'hnsw', chunks: 12, built: true });
      expect(again).toEqual({ kind: 'hnsw', chunks: 12, built: false });
      expect(index!.indexdef).toContain('(embedding)::vector(256)');
      expect(index!.signature).toBe(indexSignature(256));
      expect(await t.db.query('SELECT id FROM chunks ORDER BY id')).toEqual(before);
    } finally {
      await t.close();
    }
  });

  test.each([
    [0, 200],
    [10_000, 200],
    [10_001, 400],
    [20_000, 400],
    [50_000, 600],
    [100_000, 800],
    [1_000_000, 800],
  ])('with %i chunks stored, questions search the graph with ef_search %i', (chunks, efSearch) => {
    // act
    const chosen = efSearchForChunks(chunks);

    // assess
    expect(chosen).toBe(efSearch);
  });

  test('the store reads its corpus size from the database to choose ef_search, unless ef_search is configured', async () => {
    // prepare
    const t = await openTestStore();
    try {
      // The corpus size is read from the documents' chunk counts, so one document row stands for them.
      await t.db.query(
        `INSERT INTO documents (id, source, content_hash, title, format, language, byte_size, chunk_count, embedding_model, collection)
         VALUES (gen_random_uuid(), 'big.txt', 'h', 'Big', 'txt', 'en', 0, 30000, 'm', 'default')`,
      );
      const store = new PgVectorStore(t.db);
      await store.bindEmbeddingModel(t.embedder.id, t.embedder.dimensions);

      // act
      const chosen = await store.currentEfSearch();
      const fixed = await new PgVectorStore(t.db, { efSearch: 123 }).currentEfSearch();

      // assess
      expect(chosen).toBe(600);
      expect(fixed).toBe(123);
    } finally {
      await t.close();
    }
  });

  test.each([
    [0, 512, 64],
    [5_000, 512, 64],
    [100_000, 512, 403],
    [100_000, 3072, 989],
    [1_000_000, 3072, 1024],
  ])('the build of %i chunks of %i dimensions may use %i MB, so the graph is built in memory up to a cap', (chunks, dimensions, megabytes) => {
    // act
    const chosen = buildMemoryMb(chunks, dimensions);

    // assess
    expect(chosen).toBe(megabytes);
  });

  test('auto policy keeps exact search for small corpora', async () => {
    // prepare
    const t = await openTestStore({ indexPolicy: 'auto', hnswMinChunks: 1000 });
    try {
      await t.store.replaceDocument(documentFor('a.txt'), await embedChunks(t, ['alpha']), 'english');

      // act
      const state = await t.store.refreshIndex();

      // assess
      expect(state.kind).toBe('exact');
    } finally {
      await t.close();
    }
  });
});
