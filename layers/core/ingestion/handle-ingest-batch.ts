import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { describeError } from '../errors.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { PoisonMessageError, parseS3ObjectEvent, type ParsedS3Event } from '../queue/s3-event.js';
import type { VectorStore } from '../store/vector-store.js';
import type { ChunkingOptions } from '../chunking/chunk-document.js';
import { type DocumentOutcome, ingestDocument } from './ingest-document.js';
import type { JobRepository } from './job-repository.js';

export interface IngestBatchDependencies {
  store: VectorStore;
  embedder: EmbeddingProvider;
  jobs: JobRepository;
  objects: ObjectStore;
  chunking?: ChunkingOptions;
  maxDocumentBytes?: number;
  /** The queue's redrive maxReceiveCount: the attempt that reaches it records the document as dead-lettered. @default 5 */
  maxReceiveCount?: number;
  /** Documents processed at once within a batch. @default 4 */
  concurrency?: number;
  /** Origin recorded on jobs this handler has to create (events no upload announced). @default 's3' */
  origin?: string;
  log?: (message: string) => void;
  /** Hears why each failed message failed (the local queue keeps it as the dead-letter reason). */
  onMessageFailed?: (messageId: string, reason: string) => void;
}

interface Work {
  records: SQSRecord[];
  event: ParsedS3Event;
  receiveCount: number;
}

/**
 * The ingest handler behind the queue: the SQS-triggered Lambda and the local stack's worker
 * both call it with an SQS batch whose bodies are EventBridge S3 "Object Created"/"Object
 * Deleted" events. It reports partial batch failures, so only failed messages come back.
 *
 * - A document that is bad (unsupported, corrupt, empty…) is a final result on its job, not a retry.
 * - A failure that may pass (database, provider) is retried by the queue; the attempt that reaches
 *   maxReceiveCount records the document as failed and dead-lettered.
 * - Events are applied by state, not by order: "created" ingests the object as it is now (or
 *   removes the document if the object is gone); "deleted" removes the document only if the object
 *   is really gone. Redelivery and reordering therefore never duplicate or resurrect documents.
 */
export async function handleIngestBatch(event: SQSEvent, deps: IngestBatchDependencies): Promise<SQSBatchResponse> {
  const maxReceiveCount = deps.maxReceiveCount ?? 5;
  const failures = new Set<string>();
  const byKey = new Map<string, Work>();
  for (const record of event.Records) {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    try {
      const parsed = parseS3ObjectEvent(record.body);
      const existing = byKey.get(parsed.key);
      // Several events for one key in a batch collapse into one piece of work on the current state.
      if (existing) {
        existing.records.push(record);
        existing.event = parsed;
        existing.receiveCount = Math.max(existing.receiveCount, receiveCount);
      } else byKey.set(parsed.key, { records: [record], event: parsed, receiveCount });
    } catch (error) {
      // A malformed message can never succeed; the queue retries it and then dead-letters it.
      deps.log?.(`ingest: poison message ${record.messageId}: ${describeError(error)}`);
      deps.onMessageFailed?.(record.messageId, `poison message: ${describeError(error)}`);
      failures.add(record.messageId);
      if (!(error instanceof PoisonMessageError)) throw error;
    }
  }
  const work = [...byKey.values()];
  if (work.length === 0) return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };

  const jobsByKey = await claimJobs(work, deps);
  const touchedJobs = new Set([...jobsByKey.values()].flat());
  for (const jobId of touchedJobs) await deps.jobs.markRunning(jobId);
  await deps.store.prepareBulkLoad(work.length * 10);

  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const item = work[next]!;
      next += 1;
      const jobIds = jobsByKey.get(item.event.key)!;
      const outcome = await processOne(item, jobIds, deps);
      if (outcome.status === 'failed' && outcome.retryable) {
        const final = item.receiveCount >= maxReceiveCount;
        for (const jobId of jobIds) {
          if (final) {
            await deps.jobs.event(jobId, 'dead_lettered', item.event.key, `after ${item.receiveCount} attempt(s): ${outcome.error}`);
            await recordOutcome(deps.jobs, jobId, outcome);
          } else {
            await deps.jobs.event(jobId, 'retried', item.event.key, `attempt ${item.receiveCount} of ${maxReceiveCount} failed: ${outcome.error}`);
          }
        }
        for (const record of item.records) {
          failures.add(record.messageId);
          deps.onMessageFailed?.(record.messageId, outcome.error ?? 'ingest failed');
        }
        continue;
      }
      for (const jobId of jobIds) await recordOutcome(deps.jobs, jobId, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? 4, work.length)) }, worker));

  try {
    await deps.store.refreshIndex();
  } catch (error) {
    deps.log?.(`ingest: index rebuild failed: ${describeError(error)}`);
  }
  for (const jobId of touchedJobs) await deps.jobs.finishIfComplete(jobId);
  return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };
}

/** Every job waiting for these keys; keys nobody announced get one new job for the batch. */
async function claimJobs(work: Work[], deps: IngestBatchDependencies): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  const unclaimed: Work[] = [];
  for (const item of work) {
    const pending = await deps.jobs.pendingJobsFor(item.event.key);
    if (pending.length > 0) result.set(item.event.key, pending);
    else unclaimed.push(item);
  }
  if (unclaimed.length > 0) {
    const jobId = await deps.jobs.create(
      deps.origin ?? 's3',
      unclaimed.map((item) => ({ source: item.event.key, action: item.event.type === 'Object Deleted' ? 'delete' : 'upsert' })),
    );
    for (const item of unclaimed) result.set(item.event.key, [jobId]);
  }
  return result;
}

async function processOne(item: Work, jobIds: string[], deps: IngestBatchDependencies): Promise<DocumentOutcome> {
  const key = item.event.key;
  const onEvent = async (type: Parameters<JobRepository['event']>[1], source: string, detail: string) => {
    for (const jobId of jobIds) await deps.jobs.event(jobId, type, source, detail);
  };
  let bytes: Uint8Array | undefined;
  try {
    if (item.event.type === 'Object Created') bytes = await deps.objects.get(key);
    else if (await deps.objects.head(key)) {
      await onEvent('unchanged', key, 'object was uploaded again after this delete; keeping the document');
      const existing = await deps.store.findDocumentBySource(key);
      return { source: key, status: 'unchanged', chunks: existing?.chunkCount ?? 0, documentId: existing?.id };
    }
  } catch (error) {
    return { source: key, status: 'failed', chunks: 0, errorCode: 'object_store_error', error: `${key}: ${describeError(error)}`, retryable: true };
  }
  // A created object that no longer exists was deleted since: its document goes too.
  const action = item.event.type === 'Object Created' && bytes !== undefined ? 'upsert' : 'delete';
  return ingestDocument(
    { source: key, action, read: async () => bytes! },
    { store: deps.store, embedder: deps.embedder, chunking: deps.chunking, maxDocumentBytes: deps.maxDocumentBytes, onEvent },
  );
}

async function recordOutcome(jobs: JobRepository, jobId: string, outcome: DocumentOutcome): Promise<void> {
  await jobs.recordDocument(jobId, outcome.source, {
    status: outcome.status,
    documentId: outcome.documentId,
    chunks: outcome.chunks,
    errorCode: outcome.errorCode,
    error: outcome.error,
  });
}
