import { describeError } from '../errors.js';
import {
  DEFAULT_INGEST_GROUP_SIZE,
  type DocumentOutcome,
  type IngestDependencies,
  type IngestItem,
  beginIngestGroup,
  storeIngestGroup,
} from './ingest-document.js';
import type { JobEventType, JobStatus } from './job.js';
import { LiveJobEvents } from './live-job-events.js';
import type { JobRepository } from './job-repository.js';

export interface IngestJobResult {
  jobId: string;
  status: JobStatus;
  documents: DocumentOutcome[];
}

export interface RunIngestJobOptions {
  /** Documents read and parsed at once within a group (overlaps I/O). @default 4 */
  concurrency?: number;
  /** Documents embedded together and written in one transaction. @default 32 */
  groupSize?: number;
  /** Rough chunks per document, to decide whether to drop the ANN index for a bulk load. @default 10 */
  expectedChunksPerDocument?: number;
  onProgress?: (outcome: DocumentOutcome, done: number, total: number) => void;
}

/**
 * Runs a whole ingest job: marks it running, ingests every item with bounded concurrency,
 * records each result and audit event, rebuilds the vector index after the load, and sets
 * the final status. Items are read lazily, so memory stays bounded however large the batch.
 */
export async function runIngestJob(
  jobId: string,
  items: readonly IngestItem[],
  deps: IngestDependencies & { jobs: JobRepository },
  options: RunIngestJobOptions = {},
): Promise<IngestJobResult> {
  const { jobs } = deps;
  await jobs.markRunning(jobId);
  await deps.store.prepareBulkLoad(items.length * (options.expectedChunksPerDocument ?? 10));
  const outcomes: DocumentOutcome[] = [];
  const groupSize = Math.max(1, options.groupSize ?? DEFAULT_INGEST_GROUP_SIZE);
  // Groups bound memory (at most two groups' texts and vectors are held) while batching the work.
  // The next group is prepared while the current one is written, so parsing and chunking (on
  // worker threads when the runtime has them) and embedding overlap with the database.
  const startGroup = (start: number) => {
    const group = items.slice(start, start + groupSize);
    const events = new LiveJobEvents(jobs);
    const onEvent = (type: JobEventType, source: string, detail: string) => {
      events.push({ jobId, type, source, detail, at: new Date() });
    };
    const { dispatched, prepared } = beginIngestGroup(group, { ...deps, onEvent }, { concurrency: options.concurrency });
    prepared.catch(() => {}); // never rejects; this only keeps an early exit from reporting it unhandled
    return { group, events, onEvent, dispatched, prepared };
  };
  let next = items.length > 0 ? startGroup(0) : undefined;
  for (let start = 0; start < items.length; start += groupSize) {
    const current = next!;
    const prepared = await current.prepared;
    next = start + groupSize < items.length ? startGroup(start + groupSize) : undefined;
    // The write holds the main thread; hand the next group to the worker threads first.
    await next?.dispatched;
    const results = await storeIngestGroup(prepared, { ...deps, onEvent: current.onEvent });
    await current.events.flush();
    await jobs.recordDocuments(
      jobId,
      results.map((outcome, i) => ({
        source: current.group[i]!.source,
        status: outcome.status,
        documentId: outcome.documentId,
        chunks: outcome.chunks,
        errorCode: outcome.errorCode,
        error: outcome.error,
      })),
    );
    for (const outcome of results) {
      outcomes.push(outcome);
      options.onProgress?.(outcome, outcomes.length, items.length);
    }
  }
  try {
    const index = await deps.store.refreshIndex();
    if (index.built) await jobs.event(jobId, 'stored', undefined, `built HNSW index over ${index.chunks} chunk(s)`);
  } catch (error) {
    await jobs.event(jobId, 'failed', undefined, `index rebuild failed: ${describeError(error)}`);
  }
  const status = (await jobs.finishIfComplete(jobId)) ?? 'running';
  return { jobId, status, documents: outcomes };
}
