import { z } from 'zod';
import { DEFAULT_JOBS_LISTED, MAX_JOBS_LISTED } from './limits.js';

export const jobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'partially_failed', 'failed']);
export const jobDocumentStatusSchema = z.enum(['pending', 'indexed', 'unchanged', 'deleted', 'failed']);
export const jobEventTypeSchema = z.enum([
  'job_created',
  'job_started',
  'received',
  'parsed',
  'chunked',
  'embedded',
  'stored',
  'unchanged',
  'deleted',
  'failed',
  'retried',
  'dead_lettered',
  'job_finished',
]);

export const jobDocumentSchema = z.object({
  source: z.string(),
  action: z.enum(['upsert', 'delete']),
  status: jobDocumentStatusSchema,
  documentId: z.string().optional(),
  chunks: z.number().int().nonnegative(),
  errorCode: z.string().optional(),
  error: z.string().optional(),
});

export const jobEventSchema = z.object({ at: z.string(), type: jobEventTypeSchema, source: z.string().optional(), detail: z.string() });

/** A job as `GET /api/jobs` lists it. */
export const jobSummarySchema = z.object({
  id: z.string(),
  status: jobStatusSchema,
  origin: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Who uploaded the documents, when known. */
  uploader: z.string().optional(),
  /** The collection they go to, when known. */
  collection: z.string().optional(),
  progress: z.object({ total: z.number().int(), done: z.number().int(), failed: z.number().int() }),
});

/** `GET /api/jobs/{id}`: the summary with its documents and audit events. */
export const jobSchema = jobSummarySchema.extend({ documents: z.array(jobDocumentSchema), events: z.array(jobEventSchema) });

export const jobListSchema = z.array(jobSummarySchema);

/** `GET /api/jobs?limit=n`: a bad or missing limit falls back to the default, a large one to the maximum. */
export const jobsListQuerySchema = z.object({
  limit: z
    .string()
    .optional()
    .transform((value) => Math.min(MAX_JOBS_LISTED, Math.max(1, Number(value ?? DEFAULT_JOBS_LISTED) || DEFAULT_JOBS_LISTED))),
});

export type JobStatus = z.infer<typeof jobStatusSchema>;
export type JobDocumentStatus = z.infer<typeof jobDocumentStatusSchema>;
export type JobEventType = z.infer<typeof jobEventTypeSchema>;
export type JobEventBody = z.infer<typeof jobEventSchema>;
export type JobDocumentBody = z.infer<typeof jobDocumentSchema>;
export type JobSummaryBody = z.infer<typeof jobSummarySchema>;
export type JobBody = z.infer<typeof jobSchema>;
