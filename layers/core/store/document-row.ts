import type { StoredDocument } from './vector-store.js';

/** A `documents` row as the drivers return it. */
export interface DocumentRow {
  id: string;
  source: string;
  content_hash: string;
  title: string;
  format: string;
  language: string;
  metadata: Record<string, unknown>;
  collection: string;
  byte_size: number;
  chunk_count: number;
  embedding_model: string;
  created_at: Date;
  updated_at: Date;
}

export const DOCUMENT_COLUMNS =
  'id, source, content_hash, title, format, language, metadata, collection, byte_size, chunk_count, embedding_model, created_at, updated_at';

export function toDocument(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    source: row.source,
    contentHash: row.content_hash,
    title: row.title,
    format: row.format,
    language: row.language,
    metadata: row.metadata ?? {},
    collection: row.collection,
    byteSize: Number(row.byte_size),
    chunkCount: Number(row.chunk_count),
    embeddingModel: row.embedding_model,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
