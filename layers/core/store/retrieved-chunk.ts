/** A chunk returned by retrieval, with its provenance and scores. */
export interface RetrievedChunk {
  chunkId: string;
  documentId: string;
  source: string;
  title: string;
  /** Heading path inside the document, top level first. */
  headingPath: string[];
  page?: number;
  /** Position of the chunk in its document, from 0: the lead paragraph of an article is chunk 0. */
  ordinal?: number;
  /** The chunk body, without the contextual header. */
  text: string;
  /** Fused hybrid score in 0..1 (reciprocal-rank fusion, normalised); higher is better. */
  score: number;
  /** Cosine similarity of the query and chunk vectors, -1..1. */
  vectorScore: number;
  /** Postgres full-text rank (ts_rank_cd), 0 when the text search did not match. */
  textScore: number;
}
