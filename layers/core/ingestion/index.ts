export * from './job.js';
export { JobRepository, type NewJobDocument } from './job-repository.js';
export { ingestDocument, ingestDocuments, type IngestItem, type DocumentOutcome, type IngestDependencies } from './ingest-document.js';
export {
  prepareDocument,
  inThreadPreparer,
  type DocumentPreparer,
  type DocumentToPrepare,
  type PrepareOptions,
  type PreparedDocument,
} from './prepare-document.js';
export { WorkerDocumentPreparer, type WorkerDocumentPreparerOptions } from './worker-document-preparer.js';
export { runIngestJob, type IngestJobResult, type RunIngestJobOptions } from './run-ingest-job.js';
export { handleIngestBatch, type IngestBatchDependencies } from './handle-ingest-batch.js';
