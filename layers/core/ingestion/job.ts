import type { JobBody, JobDocumentBody, JobDocumentStatus, JobEventBody, JobEventType, JobStatus, JobSummaryBody } from '../contract/jobs-contract.js';

// The job shapes are the HTTP contract's (layers/core/contract), written once there.
export type { JobDocumentStatus, JobEventType, JobStatus };
export type JobAction = JobDocumentBody['action'];
export type JobEvent = JobEventBody;
export type JobDocument = JobDocumentBody;
export type Job = JobBody;
export type JobSummary = JobSummaryBody;

/** A job's final status from its documents' results. */
export function finalJobStatus(documents: readonly Pick<JobDocument, 'status'>[]): JobStatus {
  const failed = documents.filter((document) => document.status === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === documents.length ? 'failed' : 'partially_failed';
}
