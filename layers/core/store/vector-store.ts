import type { Chunk } from '../chunking/chunk.js';
import type { RetrievedChunk } from './retrieved-chunk.js';
import type { SearchScope } from './search-scope.js';

/** Postgres text-search configurations the store uses; chosen from the document language. */
export type TextSearchConfig = 'english' | 'spanish' | 'simple';

/** The metadata key of a document made from an e-mail's attachment: the source of the e-mail it belongs to. */
export const ATTACHED_TO_KEY = 'attachedTo';

export interface StoredDocument {
  id: string;
  source: string;
  contentHash: string;
  title: string;
  format: string;
  language: string;
  metadata: Record<string, unknown>;
  /** The collection the document belongs to. */
  collection: string;
  byteSize: number;
  chunkCount: number;
  embeddingModel: string;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentToStore {
  source: string;
  contentHash: string;
  title: string;
  format: string;
  language: string;
  metadata: Record<string, unknown>;
  /** The collection it goes to. @default 'default' */
  collection?: string;
  byteSize: number;
  /**
   * An e-mail's attachment documents, by source. When given, the documents attached to this one
   * before (`metadata.attachedTo` is its source) and not listed are removed in the same write.
   */
  attachments?: readonly string[];
}

export interface EmbeddedChunk extends Chunk {
  /** Stored as a unit vector (its direction), so inner product is cosine similarity. */
  embedding: number[];
}

export interface VectorQuery {
  vector: number[];
  /** The query text for the full-text half of hybrid search. */
  text: string;
  /** How many results. @default 3 */
  k?: number;
  /** Candidates taken from each ranked list before fusion. @default 50 */
  candidates?: number;
  /** The documents the search may draw from; applied inside both ranked lists, never afterwards. */
  scope?: SearchScope;
}

export interface DocumentReplacement {
  document: DocumentToStore;
  chunks: EmbeddedChunk[];
  textConfig: TextSearchConfig;
}

export type ReplaceOutcome = { status: 'indexed'; document: StoredDocument } | { status: 'unchanged'; document: StoredDocument };

/** Port: documents, their embedded chunks, and hybrid search over them. */
export interface VectorStore {
  /** Fails when the store was built with another embedding model; records the model on first use. */
  bindEmbeddingModel(modelId: string, dimensions: number, options?: BindModelOptions): Promise<void>;
  findDocumentBySource(source: string): Promise<StoredDocument | undefined>;
  getDocument(id: string): Promise<StoredDocument | undefined>;
  /** Every document, or those of these collections. */
  listDocuments(collections?: readonly string[]): Promise<StoredDocument[]>;
  /** How many stored documents (of these collections, else all) are in each language (ISO 639-1 codes as detected at ingestion), most first. */
  documentLanguages(collections?: readonly string[]): Promise<LanguageCount[]>;
  /** Atomically replaces a document's chunks; writes nothing when the content hash is unchanged. */
  replaceDocument(document: DocumentToStore, chunks: EmbeddedChunk[], textConfig: TextSearchConfig): Promise<ReplaceOutcome>;
  /**
   * Replaces several documents in one transaction (a handful of statements for the whole batch
   * instead of several per document). All or nothing: callers retry one by one on failure.
   */
  replaceDocuments(entries: readonly DocumentReplacement[]): Promise<ReplaceOutcome[]>;
  /** The stored documents among these sources. */
  findDocumentsBySources(sources: readonly string[]): Promise<Map<string, StoredDocument>>;
  /** Removes a document (by id or source) and its chunks, with the documents attached to it (an e-mail's attachments). */
  deleteDocument(idOrSource: string): Promise<StoredDocument | undefined>;
  search(query: VectorQuery): Promise<RetrievedChunk[]>;
  countChunks(): Promise<number>;
  /** Builds the ANN index if the policy wants one and it is missing; call after bulk loads. */
  refreshIndex(): Promise<VectorIndexState>;
  /** Drops the ANN index before a bulk load so rows are not indexed one by one. */
  prepareBulkLoad(expectedNewChunks: number): Promise<void>;
}

export interface LanguageCount {
  language: string;
  documents: number;
}

export interface VectorIndexState {
  kind: 'exact' | 'hnsw';
  chunks: number;
  built?: boolean;
}

export interface BindModelOptions {
  /**
   * Record the model in index_settings when none (or another, over an empty index) is recorded,
   * and drop the vector index built for the other one. A reader (the chat and API functions on
   * AWS, whose database role may not write settings) only checks. @default true
   */
  record?: boolean;
}
