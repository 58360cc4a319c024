/** Whether a text is stored for retrieval or is a search query (some models embed them differently). */
export type EmbeddingPurpose = 'document' | 'query';

export interface EmbeddingBatch {
  /** One L2-normalised vector per input, in input order. */
  vectors: number[][];
  /** Tokens the provider billed (or an estimate for local models). */
  tokens: number;
}

/** An in-process model that another thread can rebuild from this description. */
export interface PortableEmbeddingModel {
  kind: 'local-hashing';
  dimensions: number;
}

/** Port: turns texts into normalised vectors. */
export interface EmbeddingProvider {
  /** Stable id of the model and its settings, e.g. "openai:text-embedding-3-large@3072". Stored with the index. */
  readonly id: string;
  readonly dimensions: number;
  /** Set by in-process models, so ingestion can embed on the threads that chunk (remote providers leave it unset). */
  readonly portable?: PortableEmbeddingModel;
  embed(texts: string[], purpose: EmbeddingPurpose): Promise<EmbeddingBatch>;
}
