import fc from 'fast-check';
import { contextualText } from '#core/chunking/chunk.js';
import type { Chunk } from '#core/chunking/chunk.js';
import type { DocumentReplacement } from '#core/store/vector-store.js';
import { openTestStore } from '../../../support/test-store.js';

const COLLECTIONS = ['finance', 'handbook', 'legal', 'default'] as const;
const WORDS = ['budget', 'travel', 'contract', 'holiday', 'salary', 'privacy', 'laptop', 'invoice', 'policy', 'office', 'presupuesto', 'viaje'];

const sentence = fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 8 }).map((words) => `${words.join(' ')}.`);
const documentArb = fc.record({
  collection: fc.constantFrom(...COLLECTIONS),
  bodies: fc.array(sentence, { minLength: 1, maxLength: 3 }),
});

describe('retrieval never returns a chunk from an unreadable collection', () => {
  let t: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    t = await openTestStore();
  });
  afterAll(async () => {
    await t.close();
  });

  test('whatever the documents, the readable collections and the query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(documentArb, { minLength: 1, maxLength: 8 }),
        fc.subarray([...COLLECTIONS]),
        fc.array(fc.constantFrom(...WORDS, 'unrelated', 'zzz'), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 10 }),
        async (documents, readable, queryWords, k) => {
          // prepare: exactly these documents in the store
          await t.db.query('DELETE FROM documents');
          const entries: DocumentReplacement[] = [];
          for (const [i, document] of documents.entries()) {
            const chunks: Chunk[] = document.bodies.map((body, ordinal) => ({ ordinal, header: `Doc ${i}`, body, headingPath: [], tokenCount: 10 }));
            const { vectors } = await t.embedder.embed(chunks.map(contextualText), 'document');
            const source = `${document.collection}/doc-${i}.txt`;
            entries.push({
              document: {
                source,
                collection: document.collection,
                contentHash: `${source}-${document.bodies.join()}`,
                title: `Doc ${i}`,
                format: 'txt',
                language: 'en',
                metadata: {},
                byteSize: 10,
              },
              chunks: chunks.map((chunk, c) => ({ ...chunk, embedding: vectors[c]! })),
              textConfig: 'english',
            });
          }
          await t.store.replaceDocuments(entries);
          const text = queryWords.join(' ');
          const { vectors } = await t.embedder.embed([text], 'query');

          // act
          const found = await t.store.search({ vector: vectors[0]!, text, k, scope: { collections: readable } });

          // assess: only readable rows, and as many as the readable rows allow
          const collectionOf = new Map(entries.map((e) => [e.document.source, e.document.collection!]));
          for (const chunk of found) expect(readable).toContain(collectionOf.get(chunk.source));
          const readableChunks = entries
            .filter((e) => readable.includes(e.document.collection as (typeof COLLECTIONS)[number]))
            .reduce((n, e) => n + e.chunks.length, 0);
          expect(found.length).toBe(Math.min(k, readableChunks));
        },
      ),
      { numRuns: 25 },
    );
  });
});
