import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pgvector from 'pgvector';
import { retrieve } from '#core/retrieval/retrieve.js';
import type { RagRuntime } from '#core/runtime/index.js';
import type { SqlExecutor } from '#core/store/database.js';
import { efSearchForChunks } from '#core/store/ef-search.js';
import { HNSW_BUILD, vectorCast } from '#core/store/hnsw-index.js';
import { TEXT_RANK_WEIGHTS } from '#core/store/hybrid-search.js';
import { PgVectorStore } from '#core/store/pg-vector-store.js';
import { DEFAULT_TEXT_MATCH_BUDGET, bilingualTsquery, countWordMatches, queryWords, selectTextTerms } from '#core/store/text-terms.js';
import { stableId } from '#core/store/stable-id.js';
import type { DocumentReplacement } from '#core/store/vector-store.js';
import { foldText, splitSentences } from '#core/text/index.js';
import type { CorpusFile } from '../corpora.js';
import { ingestWithProject, openProjectRuntime } from '../pipelines/project-pipeline.js';
import { type Measured, latencyPercentiles, measured, seededRandom } from '../stats.js';

export interface LatencyRow {
  chunks: number;
  index: 'exact' | 'hnsw';
  p50: Measured;
  p95: Measured;
  p99: Measured;
}

/** Mean milliseconds of the parts of one retrieve, timed apart (one pass over the queries). */
export interface LatencyBreakdown {
  chunks: number;
  index: 'exact' | 'hnsw';
  embedMs: number;
  /** Nearest 50 by vector alone. */
  vectorMs: number;
  /** Best 50 by full-text rank alone, as the store runs it: count each word's matches, keep the rarest, rank. */
  textMs: number;
  /** Mean chunks the full-text half ranks (those sharing a kept word). */
  textMatches: number;
  /** Mean chunks sharing any content word with the question, i.e. what ranking every word would rank. */
  textMatchesAllWords?: number;
}

export interface LatencyResult {
  rows: LatencyRow[];
  breakdown: LatencyBreakdown[];
  /** Mean share of the exact top 10 (vector search alone) that HNSW returns, per corpus size. */
  /** At the store's default ef_search. */
  hnswRecallAt10: { chunks: number; recall: number; efSearch: number; queries: number }[];
  /** The same check at other ef_search settings, to show the recall/latency trade-off. */
  hnswRecallByEfSearch: { chunks: number; efSearch: number; recall: number; meanMs: number }[];
  hnswBuildSeconds: { chunks: number; seconds: number }[];
  /** The graph's shape, as the store builds it. */
  hnswBuild?: { m: number; efConstruction: number; cast: string };
  /**
   * Growing the corpus by `documents` new documents through the store's write path, with the
   * HNSW index in place (each row goes into the graph) and with no vector index at all; a full
   * rebuild instead would cost `hnswBuildSeconds` at that size on top of the second.
   */
  incrementalGrowth?: { chunks: number; documents: number; newChunks: number; withIndexSeconds: number; withoutIndexSeconds: number }[];
  /** Seconds to load the distractors that brought the corpus up to `chunks` (from the previous size). */
  distractorLoadSeconds: { chunks: number; seconds: number }[];
  realChunks: number;
  queries: number;
}

export interface LatencyOptions {
  realCorpus: readonly CorpusFile[];
  /** Texts the distractor chunks are cut from. */
  distractorTexts: readonly { title: string; text: string }[];
  queries: readonly string[];
  sizes: readonly number[];
  repetitions: number;
  log: (line: string) => void;
}

const EF_SEARCH_SWEEP = [40, 100, 200, 400, 600, 800];
const GROWTH_DOCUMENTS = 1000;
const GROWTH_CHUNKS_PER_DOCUMENT = 2;
const WARM_UP_QUERIES = 10;

/**
 * The retrieve step (query embedding + hybrid search) on an index of real chunks padded with
 * synthetic distractors to each size, with exact search and with HNSW; plus HNSW recall@10
 * against exact vector search on the same queries.
 */
export async function measureRetrievalLatency(options: LatencyOptions): Promise<LatencyResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-latency-'));
  const runtime = await openProjectRuntime(dataDir, { RAG_VECTOR_INDEX: 'exact' });
  try {
    const real = await ingestWithProject(runtime, options.realCorpus);
    options.log(`  real corpus: ${real.chunks} chunks`);
    // The store's own ef_search for each size, so the recall reported is the recall the product gets.
    const exact = new PgVectorStore(runtime.db, { indexPolicy: 'exact' });
    const hnsw = new PgVectorStore(runtime.db, { indexPolicy: 'hnsw' });
    for (const store of [exact, hnsw]) await store.bindEmbeddingModel(runtime.embedder.id, runtime.embedder.dimensions);
    const sentences = sentencePool(options.distractorTexts);
    const result: LatencyResult = {
      rows: [],
      breakdown: [],
      hnswRecallAt10: [],
      hnswRecallByEfSearch: [],
      hnswBuildSeconds: [],
      hnswBuild: { m: HNSW_BUILD.m, efConstruction: HNSW_BUILD.efConstruction, cast: vectorCast(runtime.embedder.dimensions) },
      incrementalGrowth: [],
      distractorLoadSeconds: [],
      realChunks: real.chunks,
      queries: options.queries.length,
    };
    let serial = 0;
    for (const size of options.sizes) {
      await exact.refreshIndex();
      const have = await exact.countChunks();
      if (size > have) {
        const started = performance.now();
        serial = await addDistractors(runtime, sentences, size - have, serial, options.log);
        result.distractorLoadSeconds.push({ chunks: size, seconds: (performance.now() - started) / 1000 });
      }
      const chunks = await exact.countChunks();
      for (const [kind, store] of [
        ['exact', exact],
        ['hnsw', hnsw],
      ] as const) {
        if (kind === 'hnsw') {
          const started = performance.now();
          await store.refreshIndex();
          const seconds = (performance.now() - started) / 1000;
          result.hnswBuildSeconds.push({ chunks, seconds });
          options.log(`  ${chunks} chunks: HNSW index built in ${seconds.toFixed(1)} s`);
          const chosen = efSearchForChunks(chunks);
          for (const efSearch of [...new Set([...EF_SEARCH_SWEEP, chosen])].sort((a, b) => a - b)) {
            const recall = await hnswRecall(runtime, options.queries, efSearch);
            if (efSearch === chosen) result.hnswRecallAt10.push({ chunks, recall: recall.recall, efSearch, queries: recall.queries });
            result.hnswRecallByEfSearch.push({ chunks, efSearch, recall: recall.recall, meanMs: recall.meanMs });
          }
        }
        const runs: ReturnType<typeof latencyPercentiles>[] = [];
        for (const query of options.queries.slice(0, WARM_UP_QUERIES)) await retrieve(query, { embedder: runtime.embedder, store }, { k: 3 });
        for (let repetition = 0; repetition < options.repetitions; repetition += 1) {
          const samples: number[] = [];
          for (const query of options.queries) {
            const started = performance.now();
            await retrieve(query, { embedder: runtime.embedder, store }, { k: 3 });
            samples.push(performance.now() - started);
          }
          runs.push(latencyPercentiles(samples));
        }
        const row: LatencyRow = {
          chunks,
          index: kind,
          p50: measured(runs.map((run) => run.p50)),
          p95: measured(runs.map((run) => run.p95)),
          p99: measured(runs.map((run) => run.p99)),
        };
        result.rows.push(row);
        result.breakdown.push({ chunks, index: kind, ...(await timeParts(runtime, options.queries, efSearchForChunks(chunks))) });
        options.log(
          `  ${chunks} chunks, ${kind}: p50 ${row.p50.median.toFixed(1)} ms, p95 ${row.p95.median.toFixed(1)} ms, p99 ${row.p99.median.toFixed(1)} ms`,
        );
      }
      // The HNSW index is still in place: new rows go into the graph one by one.
      const withIndexSeconds = await addDocuments(runtime, hnsw, sentences, `growth-hnsw/${chunks}`);
      await exact.refreshIndex();
      const withoutIndexSeconds = await addDocuments(runtime, exact, sentences, `growth-exact/${chunks}`);
      const growth = { chunks, documents: GROWTH_DOCUMENTS, newChunks: GROWTH_DOCUMENTS * GROWTH_CHUNKS_PER_DOCUMENT, withIndexSeconds, withoutIndexSeconds };
      result.incrementalGrowth!.push(growth);
      options.log(
        `  ${chunks} chunks: ${GROWTH_DOCUMENTS} more documents in ${withIndexSeconds.toFixed(1)} s with HNSW, ${withoutIndexSeconds.toFixed(1)} s without`,
      );
    }
    return result;
  } finally {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function timeParts(runtime: RagRuntime, queries: readonly string[], efSearch: number): Promise<Omit<LatencyBreakdown, 'chunks' | 'index'>> {
  const cast = vectorCast(runtime.embedder.dimensions);
  const tsquery = bilingualTsquery('$1');
  let embedMs = 0;
  let vectorMs = 0;
  let textMs = 0;
  let textMatches = 0;
  let textMatchesAllWords = 0;
  for (const query of queries) {
    let started = performance.now();
    const { vectors } = await runtime.embedder.embed([query], 'query');
    embedMs += performance.now() - started;
    const literal = pgvector.toSql(vectors[0]!) as string;
    started = performance.now();
    await runtime.db.transaction(async (tx) => {
      // As the store does: the planner would otherwise prefer a sequential scan below ~50k chunks.
      await tx.query('SET LOCAL enable_seqscan = off');
      await tx.query(`SET LOCAL hnsw.ef_search = ${efSearch}`);
      return tx.query(`SELECT id FROM chunks ORDER BY embedding::${cast} <#> $1::${cast} LIMIT 50`, [literal]);
    });
    vectorMs += performance.now() - started;
    const words = queryWords(query);
    if (words.length === 0) continue;
    started = performance.now();
    const counts = await countWordMatches(runtime.db, words, DEFAULT_TEXT_MATCH_BUDGET + 1);
    const terms = selectTextTerms(counts, DEFAULT_TEXT_MATCH_BUDGET).join(' or ');
    if (terms) {
      await runtime.db.query(
        `WITH t AS (SELECT ${tsquery} AS q) SELECT c.id, ts_rank_cd('${TEXT_RANK_WEIGHTS}', c.tsv, t.q, 1) AS r FROM chunks c, t WHERE c.tsv @@ t.q ORDER BY r DESC, c.id LIMIT 50`,
        [terms],
      );
    }
    textMs += performance.now() - started;
    const matched = async (text: string) =>
      Number((await runtime.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM chunks WHERE tsv @@ (${tsquery})`, [text]))[0]?.n ?? 0);
    if (terms) textMatches += await matched(terms);
    textMatchesAllWords += await matched(words.join(' or '));
  }
  const n = Math.max(1, queries.length);
  return { embedMs: embedMs / n, vectorMs: vectorMs / n, textMs: textMs / n, textMatches: textMatches / n, textMatchesAllWords: textMatchesAllWords / n };
}

/** pgvector's own check: for each query, the share of the exact top 10 that the index returns. */
async function hnswRecall(runtime: RagRuntime, queries: readonly string[], efSearch: number): Promise<{ recall: number; meanMs: number; queries: number }> {
  const cast = vectorCast(runtime.embedder.dimensions);
  const { vectors } = await runtime.embedder.embed([...queries], 'query');
  let total = 0;
  let approximateMs = 0;
  for (const vector of vectors) {
    const literal = pgvector.toSql(vector) as string;
    const nearest = (tx: SqlExecutor) => tx.query<{ id: string }>(`SELECT id FROM chunks ORDER BY embedding::${cast} <#> $1::${cast} LIMIT 10`, [literal]);
    const started = performance.now();
    const approximate = await runtime.db.transaction(async (tx) => {
      // As pgvector's own recall tests do: force the index, or at a high ef_search the planner
      // may prefer a sequential scan and report exact results as the index's.
      await tx.query('SET LOCAL enable_seqscan = off');
      await tx.query(`SET LOCAL hnsw.ef_search = ${efSearch}`);
      return nearest(tx);
    });
    approximateMs += performance.now() - started;
    const truth = await runtime.db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_indexscan = off');
      return nearest(tx);
    });
    const expected = new Set(truth.map((row) => row.id));
    total += approximate.filter((row) => expected.has(row.id)).length / Math.max(1, expected.size);
  }
  const n = Math.max(1, vectors.length);
  return { recall: total / n, meanMs: approximateMs / n, queries: vectors.length };
}

/**
 * Seconds to add `GROWTH_DOCUMENTS` small documents through the store's write path, in groups
 * of 32 as an ingest job writes them: the cost of growing a corpus that is already indexed.
 */
async function addDocuments(runtime: RagRuntime, store: PgVectorStore, pool: SentencePool, prefix: string): Promise<number> {
  const random = seededRandom(GROWTH_DOCUMENTS + prefix.length);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const entries: DocumentReplacement[] = [];
  for (let i = 0; i < GROWTH_DOCUMENTS; i += 1) {
    const title = pick(pool.titles);
    const bodies = Array.from({ length: GROWTH_CHUNKS_PER_DOCUMENT }, () => pick(pool.passages).slice(0, 6).join(' '));
    const { vectors } = await runtime.embedder.embed(
      bodies.map((body) => `${title}\n\n${body}`),
      'document',
    );
    entries.push({
      document: { source: `${prefix}/${i}`, contentHash: `${prefix}/${i}`, title, format: 'txt', language: 'en', metadata: {}, byteSize: 0 },
      chunks: bodies.map((body, ordinal) => ({ ordinal, header: title, body, headingPath: [], tokenCount: 0, embedding: vectors[ordinal]! })),
      textConfig: 'english',
    });
  }
  const started = performance.now();
  for (let i = 0; i < entries.length; i += 32) await store.replaceDocuments(entries.slice(i, i + 32));
  return (performance.now() - started) / 1000;
}

interface SentencePool {
  titles: string[];
  passages: string[][];
}

export function sentencePool(texts: readonly { title: string; text: string }[]): SentencePool {
  const passages = texts.map((item) => splitSentences(item.text)).filter((list) => list.length > 0);
  return { titles: texts.map((item) => item.title), passages };
}

/**
 * Synthetic distractors: runs of real sentences from two different texts, under a real title,
 * embedded with the same embedder and bulk-inserted with SQL (the pipeline would take far
 * longer to produce 100k chunks, and only the search side is measured here).
 */
export async function addDistractors(runtime: RagRuntime, pool: SentencePool, count: number, serial: number, log: (line: string) => void): Promise<number> {
  const random = seededRandom(serial + 1);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const window = (sentences: readonly string[], length: number) => {
    const start = Math.floor(random() * Math.max(1, sentences.length - length + 1));
    return sentences.slice(start, start + length);
  };
  const batchSize = 500;
  // The GIN index is cheaper to rebuild once than to maintain row by row during a bulk load.
  await runtime.db.query('DROP INDEX IF EXISTS chunks_tsv_idx');
  let next = serial;
  for (let done = 0; done < count; done += batchSize) {
    const size = Math.min(batchSize, count - done);
    const documentId = stableId('document', `distractors/${next}`);
    const title = pick(pool.titles);
    const bodies = Array.from({ length: size }, () =>
      [...window(pick(pool.passages), 3 + Math.floor(random() * 4)), ...window(pick(pool.passages), 2 + Math.floor(random() * 3))].join(' '),
    );
    const headers = bodies.map(() => pick(pool.titles));
    const { vectors } = await runtime.embedder.embed(
      bodies.map((body, i) => `${headers[i]}\n\n${body}`),
      'document',
    );
    await runtime.db.query(
      `INSERT INTO documents (id, source, content_hash, title, format, language, metadata, byte_size, chunk_count, embedding_model, collection)
       VALUES ($1, $2, $3, $4, 'txt', 'en', '{}'::jsonb, 0, $5, $6, 'default')`,
      [documentId, `distractors/${next}`, `distractors-${next}`, title, size, runtime.embedder.id],
    );
    await runtime.db.query(
      `INSERT INTO chunks (id, document_id, ordinal, header, body, heading_path, page, token_count, text_config, embedding, tsv)
       SELECT gen_random_uuid(), $1::uuid, u.ordinal, u.header, u.body, '{}', NULL, 0, 'english'::regconfig, u.embedding::vector,
              setweight(to_tsvector('english', u.folded_header), 'A') || setweight(to_tsvector('english', u.folded_body), 'D')
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(ordinal, header, body, embedding, folded_header, folded_body)`,
      [
        documentId,
        bodies.map((_, i) => i),
        headers,
        bodies,
        vectors.map((vector) => pgvector.toSql(vector) as string),
        headers.map((header) => foldText(header)),
        bodies.map((body) => foldText(body)),
      ],
    );
    next += 1;
    if ((done / batchSize) % 40 === 39) log(`    distractors: ${done + size}/${count}`);
  }
  await runtime.db.query('CREATE INDEX IF NOT EXISTS chunks_tsv_idx ON chunks USING gin (tsv)');
  return next;
}
