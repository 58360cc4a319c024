/** The shapes of the HTTP API the site talks to (see the product contract). */

export type Intent = 'question' | 'greeting' | 'smalltalk' | 'off_topic';
export type AnswerMode = 'extractive' | 'generated' | 'direct';

export interface Citation {
  n: number;
  documentId: string;
  source: string;
  title: string;
  page?: number;
  heading?: string;
  score: number;
  excerpt: string;
  /** The whole chunk the excerpt comes from; absent in conversations saved before it was sent. */
  passage?: string;
}

/** A passage the answer considered: a citation without its marker number. */
export type Source = Omit<Citation, 'n'>;

export interface ChatResponse {
  answer: string;
  intent: Intent;
  language: string;
  conversationId: string;
  citations: Citation[];
  usage?: { embeddingTokens: number; llmInputTokens: number; llmOutputTokens: number };
  timingsMs?: { improve: number; retrieve: number; answer: number; total: number };
  answerMode?: AnswerMode;
  notFound?: boolean;
  /** The passages weighed for the answer, best first; the site lists them under a not-found answer. */
  sources?: Source[];
}

export interface ChatRequest {
  message: string;
  conversationId?: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'partially_failed' | 'failed';
export type JobDocumentStatus = 'pending' | 'indexed' | 'unchanged' | 'deleted' | 'failed';

export interface JobDocument {
  source: string;
  action?: 'upsert' | 'delete';
  status: JobDocumentStatus;
  documentId?: string;
  chunks: number;
  errorCode?: string;
  error?: string;
}

export interface JobEvent {
  at: string;
  type: string;
  source?: string;
  detail: string;
}

export interface Job {
  id: string;
  status: JobStatus;
  origin?: string;
  createdAt: string;
  updatedAt: string;
  progress?: { total: number; done: number; failed: number };
  documents?: JobDocument[];
  events?: JobEvent[];
}

export interface UploadAccepted {
  jobId: string;
  documents?: { source: string; bytes: number }[];
  /** Files the server would not take (too large), each with a reason that names it. */
  refused?: RefusedFile[];
}

export interface RefusedFile {
  name: string;
  reason: string;
}

export interface StoredDocument {
  id: string;
  source: string;
  title: string;
  format?: string;
  language?: string;
  byteSize?: number;
  chunkCount: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface Health {
  status: string;
  documents?: number;
  chunks?: number;
  embeddings?: string;
  chat?: string;
}

export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['succeeded', 'partially_failed', 'failed'];

export function isFinalJobStatus(status: JobStatus): boolean {
  return FINAL_JOB_STATUSES.includes(status);
}
