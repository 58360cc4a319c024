import { contextualText } from '../chunking/chunk.js';
import { chunkDocument, type ChunkingOptions } from '../chunking/chunk-document.js';
import { cleanDocument } from '../cleaning/index.js';
import { detectLanguage } from '../chat/detect-language.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { DocumentError, RagError, describeError } from '../errors.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, parseDocument } from '../parsing/index.js';
import { sha256Hex } from '../store/stable-id.js';
import type { EmbeddedChunk, TextSearchConfig, VectorStore } from '../store/vector-store.js';
import type { JobEventType } from './job.js';

export interface IngestItem {
  /** The document's key: a relative path, an SFTP path or an S3 key. Unique per document. */
  source: string;
  action?: 'upsert' | 'delete';
  contentType?: string;
  /** Loads the bytes only when the document is processed, so large batches stream. */
  read(): Promise<Uint8Array>;
}

export interface DocumentOutcome {
  source: string;
  status: 'indexed' | 'unchanged' | 'deleted' | 'failed';
  documentId?: string;
  chunks: number;
  errorCode?: string;
  error?: string;
  /** True when the failure is not the document's fault (database, provider, bug) and a retry may succeed. */
  retryable?: boolean;
}

export interface IngestDependencies {
  store: VectorStore;
  embedder: EmbeddingProvider;
  chunking?: ChunkingOptions;
  /** Documents larger than this are refused. @default 50 MiB */
  maxDocumentBytes?: number;
  /** Texts per embedding call. @default 128 */
  embeddingBatchSize?: number;
  /** Audit hook: called for each pipeline step of the document. */
  onEvent?: (type: JobEventType, source: string, detail: string) => Promise<void> | void;
}

const TEXT_CONFIG_BY_LANGUAGE: Record<string, TextSearchConfig> = { en: 'english', es: 'spanish' };

/**
 * Runs one document through the pipeline: read → hash → (unchanged? stop) → parse → clean →
 * chunk → embed → store atomically. Never throws: every failure becomes a `failed` outcome
 * whose error names the file and the reason, so the rest of a batch is unaffected.
 */
export async function ingestDocument(item: IngestItem, deps: IngestDependencies): Promise<DocumentOutcome> {
  const source = item.source;
  const emit = async (type: JobEventType, detail: string) => {
    await deps.onEvent?.(type, source, detail);
  };
  try {
    if (item.action === 'delete') {
      const removed = await deps.store.deleteDocument(source);
      await emit('deleted', removed ? `removed ${removed.chunkCount} chunk(s)` : 'was not indexed');
      return removed
        ? { source, status: 'deleted', documentId: removed.id, chunks: removed.chunkCount }
        : { source, status: 'deleted', chunks: 0 };
    }
    const bytes = await item.read();
    const maxBytes = deps.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    await emit('received', `${bytes.byteLength} bytes`);
    if (bytes.byteLength > maxBytes) {
      throw new DocumentError(source, 'too_large', `file is ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit`);
    }
    const contentHash = sha256Hex(bytes);
    const existing = await deps.store.findDocumentBySource(source);
    if (existing && existing.contentHash === contentHash && existing.embeddingModel === deps.embedder.id) {
      await emit('unchanged', 'same content hash; nothing written');
      return { source, status: 'unchanged', documentId: existing.id, chunks: existing.chunkCount };
    }

    const parsed = cleanDocument(await parseDocument({ source, bytes, contentType: item.contentType }, { maxBytes }));
    if (parsed.sections.every((section) => !section.text.trim())) {
      throw new DocumentError(source, 'empty', 'the document has no text after cleaning');
    }
    const sample = parsed.sections.map((section) => section.text).join('\n').slice(0, 4000);
    const language = detectLanguage(`${parsed.title}\n${sample}`);
    await emit('parsed', `${parsed.format}, ${parsed.sections.length} section(s), language ${language}`);

    const chunks = chunkDocument(parsed, deps.chunking);
    await emit('chunked', `${chunks.length} chunk(s)`);

    const batchSize = deps.embeddingBatchSize ?? 128;
    const embedded: EmbeddedChunk[] = [];
    let tokens = 0;
    for (let start = 0; start < chunks.length; start += batchSize) {
      const batch = chunks.slice(start, start + batchSize);
      const result = await deps.embedder.embed(batch.map(contextualText), 'document');
      tokens += result.tokens;
      batch.forEach((chunk, i) => embedded.push({ ...chunk, embedding: result.vectors[i]! }));
    }
    await emit('embedded', `${embedded.length} vector(s), ${tokens} token(s), ${deps.embedder.id}`);

    const outcome = await deps.store.replaceDocument(
      {
        source,
        contentHash,
        title: parsed.title,
        format: parsed.format,
        language,
        metadata: parsed.metadata,
        byteSize: bytes.byteLength,
      },
      embedded,
      TEXT_CONFIG_BY_LANGUAGE[language] ?? 'simple',
    );
    if (outcome.status === 'unchanged') {
      await emit('unchanged', 'same content hash; nothing written');
      return { source, status: 'unchanged', documentId: outcome.document.id, chunks: outcome.document.chunkCount };
    }
    await emit('stored', `${embedded.length} chunk(s) as document ${outcome.document.id}`);
    return { source, status: 'indexed', documentId: outcome.document.id, chunks: embedded.length };
  } catch (error) {
    const code = error instanceof RagError ? error.code : 'internal_error';
    const message = error instanceof DocumentError ? error.message : `${source}: ${describeError(error)}`;
    await emit('failed', message).catch(() => {});
    return { source, status: 'failed', chunks: 0, errorCode: code, error: message, retryable: !(error instanceof DocumentError) };
  }
}
