import { describeError } from '../errors.js';
import { type DocumentOutcome, type IngestDependencies, type IngestItem, ingestDocument } from './ingest-document.js';
import type { JobStatus } from './job.js';
import type { JobRepository } from './job-repository.js';

export interface IngestJobResult {
  jobId: string;
  status: JobStatus;
  documents: DocumentOutcome[];
}

export interface RunIngestJobOptions {
  /** Documents processed at once. Parsing and embedding overlap with database writes. @default 4 */
  concurrency?: number;
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
  const outcomes: DocumentOutcome[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      const item = items[index]!;
      const outcome = await ingestDocument(item, {
        ...deps,
        onEvent: (type, source, detail) => jobs.event(jobId, type, source, detail),
      });
      await jobs.recordDocument(jobId, item.source, {
        status: outcome.status,
        documentId: outcome.documentId,
        chunks: outcome.chunks,
        errorCode: outcome.errorCode,
        error: outcome.error,
      });
      outcomes[index] = outcome;
      done += 1;
      options.onProgress?.(outcome, done, items.length);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, items.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  try {
    const index = await deps.store.refreshIndex();
    if (index.built) await jobs.event(jobId, 'stored', undefined, `built HNSW index over ${index.chunks} chunk(s)`);
  } catch (error) {
    await jobs.event(jobId, 'failed', undefined, `index rebuild failed: ${describeError(error)}`);
  }
  const status = (await jobs.finishIfComplete(jobId)) ?? 'running';
  return { jobId, status, documents: outcomes };
}
