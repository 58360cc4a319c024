import { contextualText, type Chunk } from '../chunking/chunk.js';
import { chunkDocument, type ChunkingOptions } from '../chunking/chunk-document.js';
import { detectLanguage } from '../chat/detect-language.js';
import { cleanDocument } from '../cleaning/index.js';
import { DocumentError } from '../errors.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, parseDocument } from '../parsing/index.js';
import type { TextSearchConfig } from '../store/vector-store.js';

export interface DocumentToPrepare {
  source: string;
  bytes: Uint8Array;
  contentType?: string;
}

export interface PrepareOptions {
  chunking?: ChunkingOptions;
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
}

const TEXT_CONFIG_BY_LANGUAGE: Record<string, TextSearchConfig> = { en: 'english', es: 'spanish' };

/**
 * The CPU-bound part of ingestion: parse → clean → detect the language → chunk. Pure (no I/O,
 * no database), so it can run on a worker thread. Throws `DocumentError` for a bad document.
 */
export async function prepareDocument(input: DocumentToPrepare, options: PrepareOptions = {}): Promise<PreparedDocument> {
  const { source, bytes, contentType } = input;
  const parsed = cleanDocument(await parseDocument({ source, bytes, contentType }, { maxBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES }));
  if (parsed.sections.every((section) => !section.text.trim())) {
    throw new DocumentError(source, 'empty', 'the document has no text after cleaning');
  }
  const sample = parsed.sections.map((section) => section.text).join('\n').slice(0, 4000);
  const language = detectLanguage(`${parsed.title}\n${sample}`);
  const chunks = chunkDocument(parsed, options.chunking);
  return {
    title: parsed.title,
    format: parsed.format,
    language,
    metadata: parsed.metadata,
    textConfig: TEXT_CONFIG_BY_LANGUAGE[language] ?? 'simple',
    sectionCount: parsed.sections.length,
    chunks,
    texts: chunks.map(contextualText),
  };
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
