import type { ChunkingOptions } from '../chunking/chunk-document.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { DocumentError, RagError, describeError } from '../errors.js';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../parsing/index.js';
import { sha256Hex } from '../store/stable-id.js';
import type { DocumentReplacement, ReplaceOutcome, VectorStore } from '../store/vector-store.js';
import { EmbeddingProgress } from './embedding-progress.js';
import type { JobEventType } from './job.js';
import { ATTACHED_TO_KEY } from './attachment-source.js';
import { type DocumentPreparer, type PreparedDocument, inThreadPreparer } from './prepare-document.js';
import { formatMegabytes } from '../text/format-megabytes.js';

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
  /** An e-mail's attachments, each a document of its own (`<e-mail source>/attachments/<name>`) or the reason it is not. */
  attachments?: AttachmentOutcome[];
}

/** What became of one attachment of an e-mail. */
export interface AttachmentOutcome {
  source: string;
  status: 'indexed' | 'unchanged' | 'failed';
  documentId?: string;
  chunks: number;
  errorCode?: string;
  error?: string;
}

export interface IngestDependencies {
  store: VectorStore;
  embedder: EmbeddingProvider;
  chunking?: ChunkingOptions;
  /** Documents larger than this are refused. @default 50 MiB */
  maxDocumentBytes?: number;
  /** Texts per embedding call. @default 128 */
  embeddingBatchSize?: number;
  /** Where documents are parsed and chunked. @default in this thread */
  preparer?: DocumentPreparer;
  /** The collection a document goes to, from its source. @default every document to `default` */
  collectionOf?: (source: string) => string;
  /**
   * Audit hook: called for each pipeline step of the document. For an e-mail's attachment, `source`
   * is the attachment's and `item` the e-mail's, the document the job knows.
   */
  onEvent?: (type: JobEventType, source: string, detail: string, item?: string) => Promise<void> | void;
}

/** Documents prepared and embedded together, then written in one transaction. @default 32 */
export const DEFAULT_INGEST_GROUP_SIZE = 32;

/** One document to write: an uploaded file, or an attachment of an e-mail. */
interface PreparedPart {
  replacement: DocumentReplacement;
  texts: string[];
  /** Tokens, when the preparing thread embedded the chunks already. */
  embeddedTokens?: number;
}

interface Prepared {
  index: number;
  /** The item's own document first, then its attachments' documents: written together, in one transaction. */
  parts: PreparedPart[];
  /** Attachments that could not be read, in message order. */
  failedAttachments: AttachmentOutcome[];
}

/**
 * Runs one document through the pipeline: read → hash → (unchanged? stop) → parse → clean →
 * chunk → embed → store atomically. Never throws: every failure becomes a `failed` outcome
 * whose error names the file and the reason, so the rest of a batch is unaffected.
 */
export async function ingestDocument(item: IngestItem, deps: IngestDependencies): Promise<DocumentOutcome> {
  return (await ingestDocuments([item], deps))[0]!;
}

/**
 * The pipeline for a group of documents. Each document is read, checked, parsed, cleaned and
 * chunked on its own; their chunks are embedded together (fewer provider calls) and the group
 * is written in one transaction (a few statements instead of several per document). If the
 * group's write fails, each document is written alone, so one bad document cannot fail the
 * others. Outcomes come back in input order; nothing throws.
 */
export async function ingestDocuments(
  items: readonly IngestItem[],
  deps: IngestDependencies,
  options: { concurrency?: number } = {},
): Promise<DocumentOutcome[]> {
  return storeIngestGroup(await prepareIngestGroup(items, deps, options), deps);
}

/** A group of documents read, prepared and embedded, waiting to be written. */
export interface PreparedIngestGroup {
  items: readonly IngestItem[];
  /** Final outcomes so far (deleted, unchanged, failed); the rest are filled by the write. */
  outcomes: DocumentOutcome[];
  embedded: Prepared[];
}

/**
 * The first half of `ingestDocuments`: everything before the write. `runIngestJob` runs it for
 * the next group while the current group is written, so preparation (on worker threads) and
 * embedding overlap with the database. Never throws.
 */
export async function prepareIngestGroup(
  items: readonly IngestItem[],
  deps: IngestDependencies,
  options: { concurrency?: number } = {},
): Promise<PreparedIngestGroup> {
  return beginIngestGroup(items, deps, options).prepared;
}

/**
 * `prepareIngestGroup`, with a signal for when every document has been read and handed to the
 * preparer. A caller that is about to occupy the main thread (a long write to the embedded
 * database) waits for that first, so the worker threads have the whole group to work on.
 */
export function beginIngestGroup(
  items: readonly IngestItem[],
  deps: IngestDependencies,
  options: { concurrency?: number } = {},
): { dispatched: Promise<void>; prepared: Promise<PreparedIngestGroup> } {
  let left = items.length;
  let markDispatched!: () => void;
  const dispatched = new Promise<void>((resolve) => (markDispatched = resolve));
  const handedOver = () => {
    left -= 1;
    if (left <= 0) markDispatched();
  };
  if (left === 0) markDispatched();
  const prepared = prepareGroup(items, deps, options, handedOver).finally(markDispatched);
  return { dispatched, prepared };
}

async function prepareGroup(
  items: readonly IngestItem[],
  deps: IngestDependencies,
  options: { concurrency?: number },
  handedOver: () => void,
): Promise<PreparedIngestGroup> {
  const group: PreparedIngestGroup = { items, outcomes: new Array(items.length), embedded: [] };
  const fail = (index: number, error: unknown) => failDocument(group, deps, index, error);

  let existing = new Map<string, Awaited<ReturnType<VectorStore['findDocumentBySource']>>>();
  try {
    existing = await deps.store.findDocumentsBySources(items.filter((item) => item.action !== 'delete').map((item) => item.source));
  } catch (error) {
    for (let i = 0; i < items.length; i += 1) await fail(i, error);
    return group;
  }

  const preparer = deps.preparer ?? inThreadPreparer;
  const onThreads = preparer !== inThreadPreparer;
  // Worker threads queue what they are given, so the whole group is handed over at once; in this
  // thread, `concurrency` bounds the documents held in memory.
  const concurrency = onThreads ? Math.max(1, items.length) : (options.concurrency ?? 4);
  const embedding = onThreads ? deps.embedder.portable : undefined;
  const prepared: Prepared[] = [];
  await forEachConcurrently(items, concurrency, async (item, index) => {
    const source = item.source;
    let handed = false;
    const handOver = () => {
      if (!handed) handedOver();
      handed = true;
    };
    try {
      if (item.action === 'delete') {
        const removed = await deps.store.deleteDocument(source);
        await emit(deps, source, 'deleted', removed ? `removed ${removed.chunkCount} chunk(s)` : 'was not indexed');
        group.outcomes[index] = removed
          ? { source, status: 'deleted', documentId: removed.id, chunks: removed.chunkCount }
          : { source, status: 'deleted', chunks: 0 };
        return;
      }
      const bytes = await item.read();
      const maxBytes = deps.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
      await emit(deps, source, 'received', `${bytes.byteLength} bytes`);
      if (bytes.byteLength > maxBytes) {
        throw new DocumentError(source, 'too_large', `file is ${formatMegabytes(bytes.byteLength)}, over the ${formatMegabytes(maxBytes)} limit per file`);
      }
      const contentHash = sha256Hex(bytes);
      const stored = existing.get(source);
      if (stored && stored.contentHash === contentHash && stored.embeddingModel === deps.embedder.id) {
        await emit(deps, source, 'unchanged', 'same content hash; nothing written');
        group.outcomes[index] = { source, status: 'unchanged', documentId: stored.id, chunks: stored.chunkCount };
        return;
      }
      const preparing = preparer.prepare(
        { source, bytes, contentType: item.contentType },
        { chunking: deps.chunking, maxDocumentBytes: maxBytes, ...(embedding ? { embedding } : {}) },
      );
      handOver();
      const document = await preparing;
      await emit(deps, source, 'parsed', `${document.format}, ${document.sectionCount} section(s), language ${document.language}`);
      await emit(deps, source, 'chunked', `${document.chunks.length} chunk(s)`);
      // An attachment goes to its e-mail's collection, whatever its own source would say.
      const collection = deps.collectionOf?.(source);
      const attachments = document.attachments ?? [];
      const parts = [preparedPart(document, { source, collection, contentHash, byteSize: bytes.byteLength, metadata: document.metadata })];
      const failedAttachments: AttachmentOutcome[] = [];
      const attachmentSources: string[] = [];
      if (document.attachments) parts[0]!.replacement.document.attachments = attachmentSources;
      for (const attachment of attachments) {
        if ('error' in attachment) {
          await emit(deps, attachment.source, 'failed', attachment.error, source);
          failedAttachments.push({ source: attachment.source, status: 'failed', chunks: 0, errorCode: attachment.errorCode, error: attachment.error });
          continue;
        }
        await emit(
          deps,
          attachment.source,
          'parsed',
          `${attachment.document.format} attachment of ${source}, ${attachment.document.chunks.length} chunk(s)`,
          source,
        );
        attachmentSources.push(attachment.source);
        parts.push(
          preparedPart(attachment.document, {
            source: attachment.source,
            collection,
            contentHash: attachment.contentHash,
            byteSize: attachment.byteSize,
            metadata: { ...attachment.document.metadata, [ATTACHED_TO_KEY]: source },
          }),
        );
      }
      prepared.push({ index, parts, failedAttachments });
    } catch (error) {
      await fail(index, error);
    } finally {
      handOver();
    }
  });
  prepared.sort((a, b) => a.index - b.index);
  group.embedded = await embedTogether(prepared, deps, fail);
  return group;
}

function preparedPart(
  document: PreparedDocument,
  stored: { source: string; collection: string | undefined; contentHash: string; byteSize: number; metadata: Record<string, unknown> },
): PreparedPart {
  return {
    texts: document.texts,
    replacement: {
      document: {
        source: stored.source,
        collection: stored.collection,
        contentHash: stored.contentHash,
        title: document.title,
        format: document.format,
        language: document.language,
        metadata: stored.metadata,
        byteSize: stored.byteSize,
      },
      chunks: document.chunks.map((chunk, c) => ({ ...chunk, embedding: document.embedded?.vectors[c] ?? [] })),
      textConfig: document.textConfig,
    },
    ...(document.embedded ? { embeddedTokens: document.embedded.tokens } : {}),
  };
}

/** The second half of `ingestDocuments`: writes a prepared group and completes its outcomes. Never throws. */
export async function storeIngestGroup(group: PreparedIngestGroup, deps: IngestDependencies): Promise<DocumentOutcome[]> {
  const { embedded, outcomes } = group;
  if (embedded.length === 0) return outcomes;
  let written: ReplaceOutcome[] | undefined;
  try {
    written = await deps.store.replaceDocuments(embedded.flatMap((p) => p.parts.map((part) => part.replacement)));
  } catch {
    // One document may be the cause; write each alone (with its attachments, in one transaction) so only it fails.
    written = undefined;
  }
  let offset = 0;
  for (const { index, parts, failedAttachments } of embedded) {
    const first = offset;
    offset += parts.length;
    try {
      const results = written ? written.slice(first, first + parts.length) : await deps.store.replaceDocuments(parts.map((part) => part.replacement));
      const settled: DocumentOutcome[] = [];
      const item = parts[0]!.replacement.document.source;
      for (const [p, part] of parts.entries()) settled.push(await settlePart(deps, part, results[p]!, p > 0 ? item : undefined));
      const [outcome, ...attached] = settled as [DocumentOutcome, ...AttachmentOutcome[]];
      if (parts[0]!.replacement.document.attachments) outcome.attachments = [...attached, ...failedAttachments];
      outcomes[index] = outcome;
    } catch (error) {
      await failDocument(group, deps, index, error);
    }
  }
  return outcomes;
}

async function settlePart(deps: IngestDependencies, part: PreparedPart, outcome: ReplaceOutcome, item?: string): Promise<DocumentOutcome & AttachmentOutcome> {
  const source = part.replacement.document.source;
  if (outcome.status === 'unchanged') {
    await emit(deps, source, 'unchanged', 'same content hash; nothing written', item);
    return { source, status: 'unchanged', documentId: outcome.document.id, chunks: outcome.document.chunkCount };
  }
  await emit(deps, source, 'stored', `${part.replacement.chunks.length} chunk(s) as document ${outcome.document.id}`, item);
  return { source, status: 'indexed', documentId: outcome.document.id, chunks: part.replacement.chunks.length };
}

async function emit(deps: IngestDependencies, source: string, type: JobEventType, detail: string, item?: string): Promise<void> {
  await deps.onEvent?.(type, source, detail, item);
}

async function failDocument(group: PreparedIngestGroup, deps: IngestDependencies, index: number, error: unknown): Promise<void> {
  const source = group.items[index]!.source;
  const code = error instanceof RagError ? error.code : 'internal_error';
  const message = error instanceof DocumentError ? error.message : `${source}: ${describeError(error)}`;
  await emit(deps, source, 'failed', message).catch(() => {});
  group.outcomes[index] = { source, status: 'failed', chunks: 0, errorCode: code, error: message, retryable: !(error instanceof DocumentError) };
}

/**
 * Embeds the chunks of all prepared documents in shared batches. A failed call fails only the
 * documents whose chunks were in it; the others go on.
 */
async function embedTogether(prepared: Prepared[], deps: IngestDependencies, fail: (index: number, error: unknown) => Promise<void>): Promise<Prepared[]> {
  const batchSize = deps.embeddingBatchSize ?? 128;
  const slots = prepared.flatMap((doc, d) =>
    doc.parts.flatMap((part, p) => (part.embeddedTokens === undefined ? part.texts.map((text, c) => ({ d, p, c, text })) : [])),
  );
  const failed = new Set<number>();
  const tokens = prepared.map((doc) => doc.parts.reduce((sum, part) => sum + (part.embeddedTokens ?? 0), 0));
  const chunkCount = (doc: Prepared) => doc.parts.reduce((sum, part) => sum + part.texts.length, 0);
  const progress = prepared.map((doc) => new EmbeddingProgress(chunkCount(doc)));
  for (let start = 0; start < slots.length; start += batchSize) {
    const batch = slots.slice(start, start + batchSize).filter((slot) => !failed.has(slot.d));
    if (batch.length === 0) continue;
    try {
      const result = await deps.embedder.embed(
        batch.map((slot) => slot.text),
        'document',
      );
      batch.forEach((slot, i) => {
        prepared[slot.d]!.parts[slot.p]!.replacement.chunks[slot.c]!.embedding = result.vectors[i]!;
      });
      // Tokens are shared out by chunk count; exact per document for the local embedder's word counts is not worth a second pass.
      const perSlot = result.tokens / batch.length;
      for (const slot of batch) tokens[slot.d]! += perSlot;
      for (const d of new Set(batch.map((slot) => slot.d))) {
        const report = progress[d]!.advance(batch.filter((slot) => slot.d === d).length, Date.now());
        if (report) await deps.onEvent?.('embedded', prepared[d]!.parts[0]!.replacement.document.source, report);
      }
    } catch (error) {
      for (const d of new Set(batch.map((slot) => slot.d))) {
        failed.add(d);
        await fail(prepared[d]!.index, error);
      }
    }
  }
  const done: Prepared[] = [];
  for (let d = 0; d < prepared.length; d += 1) {
    if (failed.has(d)) continue;
    const doc = prepared[d]!;
    await deps.onEvent?.(
      'embedded',
      doc.parts[0]!.replacement.document.source,
      `${chunkCount(doc)} vector(s), ${Math.round(tokens[d]!)} token(s), ${deps.embedder.id}`,
    );
    done.push(doc);
  }
  return done;
}

async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
