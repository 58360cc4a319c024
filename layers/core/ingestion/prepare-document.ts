import { contextualText, type Chunk } from '../chunking/chunk.js';
import { chunkDocument, type ChunkingOptions } from '../chunking/chunk-document.js';
import { cleanDocument } from '../cleaning/index.js';
import type { EmbeddingBatch, EmbeddingProvider, PortableEmbeddingModel } from '../embeddings/embedding-provider.js';
import { LocalHashingEmbeddingProvider } from '../embeddings/local-hashing-embedding-provider.js';
import { DocumentError, RagError, describeError } from '../errors.js';
import type { EmailAttachmentLimits } from '../parsing/eml-parser.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, parseDocument } from '../parsing/index.js';
import { sha256Hex } from '../store/stable-id.js';
import type { TextSearchConfig } from '../store/vector-store.js';
import { attachmentSource } from './attachment-source.js';
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
  /**
   * Whether an e-mail's attachments are prepared as documents of their own. Off for an e-mail
   * attached to an e-mail, so nesting goes one level deep. @default true
   */
  readAttachments?: boolean;
  /** @default 20 attachments, 25 MiB decoded per e-mail */
  attachmentLimits?: EmailAttachmentLimits;
}

/** An e-mail's attachment: prepared as a document of its own, or the reason it could not be. */
export type PreparedAttachment =
  | { source: string; name: string; byteSize: number; contentHash: string; document: PreparedDocument }
  | { source: string; name: string; errorCode: string; error: string };

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
  /** An e-mail's attachments, in message order (present, maybe empty, for every e-mail read with its attachments). */
  attachments?: PreparedAttachment[];
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
  const attachments = parsed.format === 'eml' && options.readAttachments !== false ? await prepareAttachments(source, bytes, options) : undefined;
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
    ...(attachments ? { attachments } : {}),
  };
}

/**
 * Each attachment of an e-mail through the same pipeline as an uploaded file (format sniffing,
 * parser, cleaning, chunking). One that is unsupported, damaged or past the limits gets a reason
 * naming it and the e-mail; it never fails the e-mail.
 */
async function prepareAttachments(emailSource: string, bytes: Uint8Array, options: PrepareOptions): Promise<PreparedAttachment[]> {
  const { readEmlAttachments } = await import('../parsing/eml-parser.js');
  const { attachments, skipped } = readEmlAttachments(bytes, options.attachmentLimits);
  const taken = new Set<string>();
  const prepared: PreparedAttachment[] = [];
  const named = (name: string, source: string) => `attachment "${name || source.slice(source.lastIndexOf('/') + 1)}" of ${emailSource}`;
  for (const [i, attachment] of attachments.entries()) {
    const source = attachmentSource(emailSource, attachment.name, i + 1, taken);
    try {
      const document = await prepareDocument({ source, bytes: attachment.content, contentType: attachment.type }, { ...options, readAttachments: false });
      prepared.push({ source, name: attachment.name, byteSize: attachment.content.byteLength, contentHash: sha256Hex(attachment.content), document });
    } catch (error) {
      const prefix = `${source}: `;
      const detail = error instanceof Error && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : describeError(error);
      const errorCode = error instanceof RagError ? error.code : 'internal_error';
      prepared.push({ source, name: attachment.name, errorCode, error: `${named(attachment.name, source)}: ${detail}` });
    }
  }
  for (const [i, attachment] of skipped.entries()) {
    const source = attachmentSource(emailSource, attachment.name, attachments.length + i + 1, taken);
    prepared.push({ source, name: attachment.name, errorCode: 'too_large', error: `${named(attachment.name, source)}: not read; ${attachment.reason}` });
  }
  return prepared;
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
