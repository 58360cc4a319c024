import { contextualText, type Chunk } from '../chunking/chunk.js';
import { chunkDocument, type ChunkingOptions } from '../chunking/chunk-document.js';
import { cleanDocument } from '../cleaning/index.js';
import type { EmbeddingBatch, EmbeddingProvider, PortableEmbeddingModel } from '../embeddings/embedding-provider.js';
import { LocalHashingEmbeddingProvider } from '../embeddings/local-hashing-embedding-provider.js';
import { DocumentError } from '../errors.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, parseDocument } from '../parsing/index.js';
import type { TextSearchConfig } from '../store/vector-store.js';
import { detectDocumentLanguage } from './detect-document-language.js';

export interface DocumentToPrepare {
  source: string;
  bytes: Uint8Array;
  contentType?: string;
}

export interface PrepareOptions {
  chunking?: ChunkingOptions;
  /** Embed the chunks here too, with this in-process model. */
  embedding?: PortableEmbeddingModel;
  /** @default 50 MiB */
  maxDocumentBytes?: number;
}

/** A document turned into chunks, ready to embed: everything but the vectors. */
export interface PreparedDocument {
  title: string;
  format: string;
  language: string;
  metadata: Record<string, unknown>;
  /** The full-text configuration for the document's language. */
  textConfig: TextSearchConfig;
  sectionCount: number;
  chunks: Chunk[];
  /** Each chunk's contextual text, the text that is embedded. */
  texts: string[];
  /** The chunks' vectors, when `embedding` was given. */
  embedded?: EmbeddingBatch;
}

const TEXT_CONFIG_BY_LANGUAGE: Record<string, TextSearchConfig> = { en: 'english', es: 'spanish' };

/**
 * The CPU-bound part of ingestion: parse → clean → detect the language → chunk, and embed when
 * the model runs in-process. Pure (no I/O, no database), so it can run on a worker thread.
 * Throws `DocumentError` for a bad document.
 */
export async function prepareDocument(input: DocumentToPrepare, options: PrepareOptions = {}): Promise<PreparedDocument> {
  const { source, bytes, contentType } = input;
  const parsed = cleanDocument(await parseDocument({ source, bytes, contentType }, { maxBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES }));
  if (parsed.sections.every((section) => !section.text.trim())) {
    throw new DocumentError(source, 'empty', 'the document has no text after cleaning');
  }
  const sample = parsed.sections
    .map((section) => section.text)
    .join('\n')
    .slice(0, 4000);
  const language = detectDocumentLanguage(`${parsed.title}\n${sample}`);
  const chunks = chunkDocument(parsed, options.chunking);
  const texts = chunks.map(contextualText);
  const embedded = options.embedding ? await portableEmbedder(options.embedding).embed(texts, 'document') : undefined;
  return {
    title: parsed.title,
    format: parsed.format,
    language,
    metadata: parsed.metadata,
    textConfig: TEXT_CONFIG_BY_LANGUAGE[language] ?? 'simple',
    sectionCount: parsed.sections.length,
    chunks,
    texts,
    ...(embedded ? { embedded } : {}),
  };
}

const portableEmbedders = new Map<string, EmbeddingProvider>();

/** One embedder per model and thread: the local model keeps a cache of word hashes worth reusing. */
function portableEmbedder(model: PortableEmbeddingModel): EmbeddingProvider {
  const key = `${model.kind}@${model.dimensions}`;
  let embedder = portableEmbedders.get(key);
  if (!embedder) {
    embedder = new LocalHashingEmbeddingProvider({ dimensions: model.dimensions });
    portableEmbedders.set(key, embedder);
  }
  return embedder;
}

/** Port: where documents are prepared. In this thread, or on a pool of worker threads. */
export interface DocumentPreparer {
  prepare(input: DocumentToPrepare, options: PrepareOptions): Promise<PreparedDocument>;
  close(): Promise<void>;
}

/** Prepares documents in the calling thread (Lambda, tests, one-core machines). */
export const inThreadPreparer: DocumentPreparer = {
  prepare: prepareDocument,
  close: async () => {},
};
