import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import type { VectorStore } from '../store/vector-store.js';
import type { RetrievedChunk } from './retrieved-chunk.js';

export const DEFAULT_TOP_K = 3;

export interface RetrieveResult {
  chunks: RetrievedChunk[];
  embeddingTokens: number;
}

/** Embeds the query (normalised by the provider) and runs hybrid top-k over the store. */
export async function retrieve(
  query: string,
  deps: { embedder: EmbeddingProvider; store: VectorStore },
  options: { k?: number; candidates?: number } = {},
): Promise<RetrieveResult> {
  const { vectors, tokens } = await deps.embedder.embed([query], 'query');
  const chunks = await deps.store.search({ vector: vectors[0]!, text: query, k: options.k ?? DEFAULT_TOP_K, candidates: options.candidates });
  return { chunks, embeddingTokens: tokens };
}
