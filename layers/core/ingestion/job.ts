export type JobStatus = 'queued' | 'running' | 'succeeded' | 'partially_failed' | 'failed';
export type JobDocumentStatus = 'pending' | 'indexed' | 'unchanged' | 'deleted' | 'failed';
export type JobAction = 'upsert' | 'delete';

/** Audit event types, in the order a document normally meets them. */
export type JobEventType =
  | 'job_created'
  | 'job_started'
  | 'received'
  | 'parsed'
  | 'chunked'
  | 'embedded'
  | 'stored'
  | 'unchanged'
  | 'deleted'
  | 'failed'
  | 'retried'
  | 'dead_lettered'
  | 'job_finished';

export interface JobEvent {
  at: string;
  type: JobEventType;
  source?: string;
  detail: string;
}

export interface JobDocument {
  source: string;
  action: JobAction;
  status: JobDocumentStatus;
  documentId?: string;
  chunks: number;
  errorCode?: string;
  error?: string;
}

export interface Job {
  id: string;
  status: JobStatus;
  origin: string;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Who uploaded the documents, when known. */
  uploader?: string;
  /** The collection they go to, when known. */
  collection?: string;
  progress: { total: number; done: number; failed: number };
  documents: JobDocument[];
  events: JobEvent[];
}

export type JobSummary = Omit<Job, 'documents' | 'events'>;

/** A job's final status from its documents' results. */
export function finalJobStatus(documents: readonly Pick<JobDocument, 'status'>[]): JobStatus {
  const failed = documents.filter((document) => document.status === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === documents.length ? 'failed' : 'partially_failed';
}
