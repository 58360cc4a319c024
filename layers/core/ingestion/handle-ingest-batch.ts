import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { describeError } from '../errors.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { PoisonMessageError, parseS3ObjectEvent, type ParsedS3Event } from '../queue/s3-event.js';
import type { VectorStore } from '../store/vector-store.js';
import type { ChunkingOptions } from '../chunking/chunk-document.js';
import { isIgnoredObjectKey, objectExists, resolveEventKey } from './event-object-key.js';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../parsing/index.js';
import { type DocumentOutcome, type IngestItem, ingestDocuments } from './ingest-document.js';
import { LiveJobEvents } from './live-job-events.js';
import type { JobEventType } from './job.js';
import type { JobRepository } from './job-repository.js';
import type { DocumentPreparer } from './prepare-document.js';

export interface IngestBatchDependencies {
  store: VectorStore;
  embedder: EmbeddingProvider;
  jobs: JobRepository;
  objects: ObjectStore;
  chunking?: ChunkingOptions;
  /** Where documents are parsed and chunked. @default in this thread */
  preparer?: DocumentPreparer;
  maxDocumentBytes?: number;
  /** The collection a document goes to, from its source. @default every document to `default` */
  collectionOf?: (source: string) => string;
  /** The queue's redrive maxReceiveCount: the attempt that reaches it records the document as dead-lettered. @default 5 */
  maxReceiveCount?: number;
  /** Documents processed at once within a batch. @default 4 */
  concurrency?: number;
  /** Origin recorded on jobs this handler has to create (events no upload announced). @default 's3' */
  origin?: string;
  log?: (message: string) => void;
  /** Hears why each failed message failed (the local queue keeps it as the dead-letter reason). */
  onMessageFailed?: (messageId: string, reason: string) => void;
  /** Hears each document's outcome once the batch is settled (operational metrics). */
  onOutcomes?: (outcomes: readonly DocumentOutcome[]) => void;
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
  const failures = new Set<string>();
  const work = await collectWork(event, deps, failures);
  if (work.length === 0) return batchResponse(failures);

  const jobsByKey = await claimJobs(work, deps);
  const touchedJobs = new Set([...jobsByKey.values()].flat());
  for (const jobId of touchedJobs) await deps.jobs.markRunning(jobId);
  await deps.store.prepareBulkLoad(work.length * 10);

  // Audit events go to every job that waits for the object; stages are written as they happen.
  const events = new LiveJobEvents(deps.jobs);
  const onEvent: JobEventSink = (type, source, detail, item) => {
    const at = new Date();
    for (const jobId of jobsByKey.get(item ?? source) ?? []) events.push({ jobId, type, source, detail, at });
  };

  const { outcomes, items } = await resolveObjects(work, deps, onEvent);
  await ingestResolved(items, outcomes, deps, onEvent);
  const final = settleOutcomes(work, outcomes, jobsByKey, events, failures, deps);
  deps.onOutcomes?.(outcomes.filter((outcome): outcome is DocumentOutcome => outcome !== undefined));
  await events.flush();
  await refreshIndex(deps);
  await recordResults(touchedJobs, final, deps);
  return batchResponse(failures);
}

type JobEventSink = (type: JobEventType, source: string, detail: string, item?: string) => void;

/** A document's outcome as recorded on one of the jobs waiting for it. */
interface JobOutcome {
  jobId: string;
  outcome: DocumentOutcome;
}

function batchResponse(failures: ReadonlySet<string>): SQSBatchResponse {
  return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };
}

/**
 * Parses each message and resolves its object key; messages that cannot be are marked failed.
 * Several events for one key collapse into one piece of work on the current state.
 */
async function collectWork(event: SQSEvent, deps: IngestBatchDependencies, failures: Set<string>): Promise<Work[]> {
  const byKey = new Map<string, Work>();
  const exists = objectExists(deps.objects);
  const known = async (key: string) => (await deps.store.findDocumentBySource(key)) !== undefined || (await deps.jobs.pendingJobsFor(key)).length > 0;
  for (const record of event.Records) {
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    let parsed: ParsedS3Event;
    try {
      parsed = parseS3ObjectEvent(record.body);
    } catch (error) {
      // A malformed message can never succeed; the queue retries it and then dead-letters it.
      deps.log?.(`ingest: poison message ${record.messageId}: ${describeError(error)}`);
      deps.onMessageFailed?.(record.messageId, `poison message: ${describeError(error)}`);
      failures.add(record.messageId);
      if (!(error instanceof PoisonMessageError)) throw error;
      continue;
    }
    try {
      parsed = { ...parsed, key: await resolveEventKey(parsed.key, { exists, known }) };
    } catch (error) {
      // The object store or database did not answer: the queue retries the message.
      deps.log?.(`ingest: cannot resolve key of ${record.messageId}: ${describeError(error)}`);
      deps.onMessageFailed?.(record.messageId, `cannot resolve key: ${describeError(error)}`);
      failures.add(record.messageId);
      continue;
    }
    // Folder markers and partial SFTP uploads are not documents: no job, no download.
    if (isIgnoredObjectKey(parsed.key)) continue;
    const existing = byKey.get(parsed.key);
    if (existing) {
      existing.records.push(record);
      existing.event = parsed;
      existing.receiveCount = Math.max(existing.receiveCount, receiveCount);
    } else byKey.set(parsed.key, { records: [record], event: parsed, receiveCount });
  }
  return [...byKey.values()];
}

/**
 * Resolves each event against the object store's current state: what to ingest or delete, and
 * the outcomes already known (too large, re-uploaded since a delete, store unreachable).
 */
async function resolveObjects(
  work: readonly Work[],
  deps: IngestBatchDependencies,
  onEvent: JobEventSink,
): Promise<{ outcomes: (DocumentOutcome | undefined)[]; items: { index: number; item: IngestItem }[] }> {
  const outcomes: (DocumentOutcome | undefined)[] = new Array(work.length);
  const items: { index: number; item: IngestItem }[] = [];
  for (let index = 0; index < work.length; index += 1) {
    const { event: s3Event } = work[index]!;
    const key = s3Event.key;
    try {
      if (s3Event.type === 'Object Created') {
        // The size is checked before the download: a multi-gigabyte object must not exhaust
        // the function (and fail its batch-mates with it).
        const head = await deps.objects.head(key);
        const maxBytes = deps.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
        if (head && head.size > maxBytes) {
          onEvent('failed', key, `file is ${head.size} bytes, over the ${maxBytes}-byte limit; not downloaded`);
          outcomes[index] = {
            source: key,
            status: 'failed',
            chunks: 0,
            errorCode: 'too_large',
            error: `${key}: file is ${head.size} bytes, over the ${maxBytes}-byte limit`,
            retryable: false,
          };
          continue;
        }
        const bytes = head ? await deps.objects.get(key) : undefined;
        // A created object that no longer exists (under its key or its decoding) was deleted since: its document goes too.
        items.push({
          index,
          item: bytes === undefined ? { source: key, action: 'delete', read: async () => new Uint8Array() } : { source: key, read: async () => bytes },
        });
      } else if (await deps.objects.head(key)) {
        onEvent('unchanged', key, 'object was uploaded again after this delete; keeping the document');
        const existing = await deps.store.findDocumentBySource(key);
        outcomes[index] = { source: key, status: 'unchanged', chunks: existing?.chunkCount ?? 0, documentId: existing?.id };
      } else {
        items.push({ index, item: { source: key, action: 'delete', read: async () => new Uint8Array() } });
      }
    } catch (error) {
      outcomes[index] = {
        source: key,
        status: 'failed',
        chunks: 0,
        errorCode: 'object_store_error',
        error: `${key}: ${describeError(error)}`,
        retryable: true,
      };
    }
  }
  return { outcomes, items };
}

/** Ingests (or deletes) the resolved items together and fills in their outcomes. */
async function ingestResolved(
  items: readonly { index: number; item: IngestItem }[],
  outcomes: (DocumentOutcome | undefined)[],
  deps: IngestBatchDependencies,
  onEvent: JobEventSink,
): Promise<void> {
  const results = await ingestDocuments(
    items.map(({ item }) => item),
    {
      store: deps.store,
      embedder: deps.embedder,
      chunking: deps.chunking,
      maxDocumentBytes: deps.maxDocumentBytes,
      preparer: deps.preparer,
      collectionOf: deps.collectionOf,
      onEvent,
    },
    { concurrency: deps.concurrency },
  );
  items.forEach(({ index }, i) => {
    outcomes[index] = results[i];
  });
}

/**
 * Decides what each outcome means for its jobs and messages. A retryable failure fails its
 * messages so the queue redelivers them; on the last attempt it is recorded as dead-lettered.
 * Returns the outcomes to record on the jobs.
 */
function settleOutcomes(
  work: readonly Work[],
  outcomes: readonly (DocumentOutcome | undefined)[],
  jobsByKey: ReadonlyMap<string, string[]>,
  events: LiveJobEvents,
  failures: Set<string>,
  deps: IngestBatchDependencies,
): JobOutcome[] {
  const maxReceiveCount = deps.maxReceiveCount ?? 5;
  const final: JobOutcome[] = [];
  for (let index = 0; index < work.length; index += 1) {
    const item = work[index]!;
    const outcome = outcomes[index]!;
    const jobIds = jobsByKey.get(item.event.key)!;
    if (outcome.status === 'failed' && outcome.retryable) {
      const last = item.receiveCount >= maxReceiveCount;
      for (const jobId of jobIds) {
        events.push({
          jobId,
          type: last ? 'dead_lettered' : 'retried',
          source: item.event.key,
          detail: last
            ? `after ${item.receiveCount} attempt(s): ${outcome.error}`
            : `attempt ${item.receiveCount} of ${maxReceiveCount} failed: ${outcome.error}`,
          at: new Date(),
        });
        if (last) final.push({ jobId, outcome });
      }
      for (const record of item.records) {
        failures.add(record.messageId);
        deps.onMessageFailed?.(record.messageId, outcome.error ?? 'ingest failed');
      }
      continue;
    }
    for (const jobId of jobIds) final.push({ jobId, outcome });
  }
  return final;
}

/** The index is rebuilt before results are recorded, so a finished job's documents are searchable. */
async function refreshIndex(deps: IngestBatchDependencies): Promise<void> {
  try {
    await deps.store.refreshIndex();
  } catch (error) {
    deps.log?.(`ingest: index rebuild failed: ${describeError(error)}`);
  }
}

/**
 * Results and the final status are written together: the messages are deleted only after this,
 * and a redelivery after a crash finds the job either still pending or already finished.
 */
async function recordResults(touchedJobs: ReadonlySet<string>, final: readonly JobOutcome[], deps: IngestBatchDependencies): Promise<void> {
  for (const jobId of touchedJobs) {
    await deps.jobs.recordDocuments(
      jobId,
      final
        .filter((entry) => entry.jobId === jobId)
        .map(({ outcome }) => ({
          source: outcome.source,
          status: outcome.status,
          documentId: outcome.documentId,
          chunks: outcome.chunks,
          errorCode: outcome.errorCode,
          error: outcome.error,
        })),
      { finish: true },
    );
  }
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
