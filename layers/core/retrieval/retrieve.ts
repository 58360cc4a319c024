import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import type { VectorStore } from '../store/vector-store.js';
import type { RetrievedChunk } from '../store/retrieved-chunk.js';
import type { SearchScope } from '../store/search-scope.js';

export const DEFAULT_TOP_K = 3;
/** Reciprocal-rank fusion constant, as in the store's hybrid search. */
const RRF_K = 60;

export interface RetrieveResult {
  chunks: RetrievedChunk[];
  embeddingTokens: number;
}

export interface RetrieveOptions {
  k?: number;
  candidates?: number;
  /**
   * Other forms of the query, such as its translation into the documents' language. Each is
   * searched like the query and the ranked lists are fused by reciprocal rank.
   */
  alternateQueries?: readonly string[];
  /** The documents the search may draw from (applied inside the store's SQL). */
  scope?: SearchScope;
}

/**
 * Embeds the query (normalised by the provider) and runs hybrid top-k over the store; with
 * alternate queries, searches every form and fuses the results, so a Spanish question over
 * English documents also finds what its English form finds.
 */
export async function retrieve(
  query: string,
  deps: { embedder: EmbeddingProvider; store: VectorStore },
  options: RetrieveOptions = {},
): Promise<RetrieveResult> {
  const k = options.k ?? DEFAULT_TOP_K;
  const queries = [query, ...new Set((options.alternateQueries ?? []).map((q) => q.trim()).filter((q) => q && q !== query))];
  const { vectors, tokens } = await deps.embedder.embed(queries, 'query');
  if (queries.length === 1) {
    const chunks = await deps.store.search({ vector: vectors[0]!, text: query, k, candidates: options.candidates, scope: options.scope });
    return { chunks, embeddingTokens: tokens };
  }
  // Each form ranks more than k, so a chunk second-best for both forms can still win the fusion.
  const depth = Math.max(k * 3, 10);
  const lists: RetrievedChunk[][] = [];
  for (const [index, text] of queries.entries()) {
    lists.push(await deps.store.search({ vector: vectors[index]!, text, k: depth, candidates: options.candidates, scope: options.scope }));
  }
  return { chunks: fuseRankedLists(lists).slice(0, k), embeddingTokens: tokens };
}

/**
 * Reciprocal-rank fusion of ranked chunk lists. A chunk keeps the best of its scores across the
 * lists, since the off-topic check asks whether any form of the question matched it well. Ties
 * keep the order of the first list, then of later ones.
 */
export function fuseRankedLists(lists: readonly (readonly RetrievedChunk[])[]): RetrievedChunk[] {
  const fused = new Map<string, { chunk: RetrievedChunk; rrf: number; order: number }>();
  let order = 0;
  for (const list of lists) {
    for (const [rank, chunk] of list.entries()) {
      const contribution = 1 / (RRF_K + rank + 1);
      const seen = fused.get(chunk.chunkId);
      if (!seen) {
        fused.set(chunk.chunkId, { chunk: { ...chunk }, rrf: contribution, order: order++ });
        continue;
      }
      seen.rrf += contribution;
      seen.chunk.score = Math.max(seen.chunk.score, chunk.score);
      seen.chunk.vectorScore = Math.max(seen.chunk.vectorScore, chunk.vectorScore);
      seen.chunk.textScore = Math.max(seen.chunk.textScore, chunk.textScore);
    }
  }
  return [...fused.values()].sort((a, b) => b.rrf - a.rrf || a.order - b.order).map((entry) => entry.chunk);
}
