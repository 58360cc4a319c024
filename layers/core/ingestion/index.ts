export * from './job.js';
export { JobRepository, type NewJobDocument } from './job-repository.js';
export { ingestDocument, type IngestItem, type DocumentOutcome, type IngestDependencies } from './ingest-document.js';
export { runIngestJob, type IngestJobResult, type RunIngestJobOptions } from './run-ingest-job.js';
export { handleIngestBatch, type IngestBatchDependencies } from './handle-ingest-batch.js';
