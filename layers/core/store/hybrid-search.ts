import pgvector from 'pgvector';
import type { Database } from './database.js';
import type { RetrievedChunk } from './retrieved-chunk.js';
import { restrictToCollections, scopeCondition } from './search-scope.js';
import { bilingualTsquery, type CommonWords, queryWords, textTerms } from './text-terms.js';
import type { VectorQuery } from './vector-store.js';

/** ts_rank_cd weights D, C, B, A: body words count for much; the title (A) and heading path (B) add context. */
export const TEXT_RANK_WEIGHTS = '{0.4,0.4,0.7,1.0}';
const RRF_K = 60;

export interface HybridSearchSettings {
  /** The vector cast of the index (`vectorCast`), so the planner can use it. */
  cast: string;
  efSearch: number;
  textMatchBudget: number;
  commonWords: CommonWords;
}

interface SearchRow {
  chunk_id: string;
  document_id: string;
  source: string;
  title: string;
  heading_path: string[] | null;
  page: number | null;
  ordinal: number | string;
  body: string;
  rrf: number | string;
  text_rank: number | string;
  similarity: number | string;
}

/**
 * Hybrid retrieval: the nearest chunks by inner product (vectors are normalised, so this is
 * cosine) and the best full-text matches, fused by reciprocal rank. With a scope, both halves
 * rank only the chunks of documents in scope, so top-k is taken over allowed rows; a scope with
 * collections also runs as the row-level-security reader limited to them, so a mistake in the
 * condition still cannot reach another collection.
 */
export async function hybridSearch(db: Database, query: VectorQuery, settings: HybridSearchSettings): Promise<RetrievedChunk[]> {
  const k = query.k ?? 3;
  const candidates = Math.max(query.candidates ?? 50, k);
  const { cast } = settings;
  const vector = pgvector.toSql(query.vector) as string;
  const words = queryWords(query.text);
  return db.transaction(async (tx) => {
    // The planner costs an HNSW scan above a sequential scan and sort of a few ten thousand
    // vectors, which in the embedded database is ten times slower; without the index the
    // sequential scan remains the only plan, so turning it off only ever picks an index.
    await tx.query("SELECT set_config('hnsw.ef_search', $1, true), set_config('enable_seqscan', 'off', true)", [
      String(Math.max(settings.efSearch, candidates)),
    ]);
    // With a filter, an HNSW scan keeps walking the graph until enough rows pass it instead of
    // stopping after ef_search candidates, so a small collection still gets its top-k.
    if (query.scope) await tx.query("SELECT set_config('hnsw.iterative_scan', 'strict_order', true)");
    if (query.scope?.collections) await restrictToCollections(tx, query.scope.collections);
    const scope = scopeCondition('d', 5, query.scope);
    const inScope = `EXISTS (SELECT 1 FROM documents d WHERE d.id = c.document_id AND ${scope.sql})`;
    const terms = (await textTerms(tx, words, settings.textMatchBudget, settings.commonWords)).join(' or ');
    const rows = await tx.query<SearchRow>(
      `WITH q AS NOT MATERIALIZED (
         SELECT $1::vector::${cast} AS v, $1::vector AS exact_v,
                CASE WHEN $4 = '' THEN NULL::tsquery
                     ELSE ${bilingualTsquery('$4')} END AS tq
       ),
       vector_hits AS (
         SELECT id, row_number() OVER (ORDER BY distance, id) AS rank FROM (
           SELECT c.id, c.embedding::${cast} <#> q.v AS distance FROM chunks c, q WHERE ${inScope} ORDER BY distance LIMIT $2
         ) nearest
       ),
       text_hits AS (
         SELECT id, row_number() OVER (ORDER BY text_rank DESC, id) AS rank, text_rank FROM (
           SELECT c.id, ts_rank_cd('${TEXT_RANK_WEIGHTS}', c.tsv, q.tq, 1) AS text_rank FROM chunks c, q
           WHERE q.tq IS NOT NULL AND c.tsv @@ q.tq AND ${inScope}
           ORDER BY text_rank DESC, c.id LIMIT $2
         ) matched
       ),
       fused AS (
         SELECT coalesce(v.id, t.id) AS id,
                coalesce(1.0 / (${RRF_K} + v.rank), 0) + coalesce(1.0 / (${RRF_K} + t.rank), 0) AS rrf,
                coalesce(t.text_rank, 0) AS text_rank
         FROM vector_hits v FULL OUTER JOIN text_hits t ON v.id = t.id
         -- Equal fused scores are common (rank 5 in one list alone scores as rank 5 in the other):
         -- break ties by vector rank, then id, so the same query always returns the same chunks.
         ORDER BY rrf DESC, v.rank NULLS LAST, t.rank NULLS LAST, coalesce(v.id, t.id) LIMIT $3
       )
       -- Ranked in the index's half precision, reported in full: thresholds read the similarity.
       SELECT c.id AS chunk_id, c.document_id, d.source, d.title, c.heading_path, c.page, c.ordinal, c.body,
              f.rrf, f.text_rank, -(c.embedding <#> q.exact_v) AS similarity
       FROM fused f JOIN chunks c ON c.id = f.id JOIN documents d ON d.id = c.document_id, q
       ORDER BY f.rrf DESC, similarity DESC, c.id`,
      [vector, candidates, k, terms, ...scope.params],
    );
    return rows.map(toRetrievedChunk);
  });
}

/** The fused score is normalised so 1 means first in both lists. */
function toRetrievedChunk(row: SearchRow): RetrievedChunk {
  const best = 2 / (RRF_K + 1);
  const chunk: RetrievedChunk = {
    chunkId: row.chunk_id,
    documentId: row.document_id,
    source: row.source,
    title: row.title,
    headingPath: row.heading_path ?? [],
    ordinal: Number(row.ordinal),
    text: row.body,
    score: Math.min(1, Number(row.rrf) / best),
    vectorScore: Number(row.similarity),
    textScore: Number(row.text_rank),
  };
  if (row.page !== null && row.page !== undefined) chunk.page = Number(row.page);
  return chunk;
}
