/**
 * The shapes of the HTTP API the site talks to. They are the contract's (layers/core/contract,
 * zod schemas shared with the server), imported as types only, so no validator ships to the browser.
 */
import type { CollectionAccess, ListedUser, SavedUser, SaveUserRequest, UserList } from '#core/contract/access-contract.js';
import type { AnswerMode, ChatRequest as ChatTurnRequest, ChatResponseBody, CitationBody, Intent } from '#core/contract/chat-contract.js';
import type { ChatScope } from '#core/contract/chat-scope-contract.js';
import type { RefusedFile, StoredDocumentBody, UploadResponse } from '#core/contract/documents-contract.js';
import type { FeedbackRequest, FeedbackResponseBody } from '#core/contract/feedback-contract.js';
import type { Insights } from '#core/contract/insights-contract.js';
import type { JobBody, JobDocumentBody, JobDocumentStatus, JobEventBody, JobStatus, JobSummaryBody } from '#core/contract/jobs-contract.js';

export type {
  AnswerMode,
  CollectionAccess,
  FeedbackRequest,
  Insights,
  Intent,
  JobDocumentStatus,
  JobStatus,
  ListedUser,
  RefusedFile,
  SavedUser,
  SaveUserRequest,
  UserList,
};

/** A chat turn, optionally narrowed to some of the caller's collections. */
export type ChatRequest = ChatTurnRequest & Pick<ChatScope, 'collections'>;

/** A citation; `passage` is absent in conversations the site saved before the server sent it. */
export type Citation = Omit<CitationBody, 'passage'> & { passage?: string };

/** A passage the answer considered: a citation without its marker number. */
export type Source = Omit<Citation, 'n'>;

export type ChatResponse = Omit<ChatResponseBody, 'citations'> & { citations: Citation[] };

/** A rating of one answer. */
export type Rating = FeedbackRequest['rating'];

/** What `POST /feedback` answers: the rating kept, and whether it replaced an earlier one. */
export type FeedbackSaved = FeedbackResponseBody;

export type JobDocument = JobDocumentBody;
export type JobEvent = JobEventBody;

/** A job: its summary (as listed) and, when fetched alone, its documents and events. */
export type Job = JobSummaryBody & Partial<Pick<JobBody, 'documents' | 'events'>>;

/** What an upload answers; presigned uploads (AWS) are reported in the same shape. */
export type UploadAccepted = UploadResponse;

/** A stored document; the site reads only some fields, so older servers' lists still render. */
export type StoredDocument = Pick<StoredDocumentBody, 'id' | 'source' | 'title' | 'chunkCount'> &
  Partial<Pick<StoredDocumentBody, 'format' | 'language' | 'collection' | 'byteSize' | 'createdAt' | 'updatedAt' | 'metadata'>>;

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
