import { z } from 'zod';
import { isCollectionName } from '../store/collection-name.js';
import { DOCUMENT_ERROR_CODES } from './error-codes.js';
import { MAX_FILES_PER_UPLOAD, MAX_PATH_ID_CHARS } from './limits.js';

/** A stored document, as `GET /api/documents` lists it. */
export const storedDocumentSchema = z.object({
  id: z.string(),
  source: z.string(),
  contentHash: z.string(),
  title: z.string(),
  format: z.string(),
  language: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  /** The collection the document belongs to. */
  collection: z.string(),
  byteSize: z.number().int().nonnegative(),
  chunkCount: z.number().int().nonnegative(),
  embeddingModel: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const documentListSchema = z.array(storedDocumentSchema);

/** `DELETE /api/documents/{id}` and `GET /api/jobs/{id}`: the id (or, for a document, its source). */
export const pathIdSchema = z.strictObject({ id: z.string().min(1).max(MAX_PATH_ID_CHARS) });

/**
 * A file the server would not take (over the size limit): `code` is the reason's stable code, from
 * the same vocabulary as a failed document's in a job result (`too_large`), for the site to word in
 * the reader's language; `reason` is the server's English sentence, naming the file and the limit.
 */
export const refusedFileSchema = z.object({ name: z.string(), code: z.enum(DOCUMENT_ERROR_CODES), reason: z.string() });

/**
 * `POST /api/documents` on AWS: the files to upload, for which the API signs S3 PUT URLs. The size is
 * required: each URL signs it as Content-Length, so S3 refuses a body of any other size.
 */
export const presignRequestSchema = z.strictObject({
  files: z
    .array(
      z.object({
        name: z.string(),
        contentType: z.string().optional(),
        size: z.number().int().nonnegative(),
      }),
    )
    .min(1)
    .max(MAX_FILES_PER_UPLOAD),
  /** The collection to upload to; required when the caller edits more than one. */
  collection: z.string().refine(isCollectionName, 'must be a collection name').optional(),
});

export const PRESIGN_REQUEST_INVALID_MESSAGE = `The body must be JSON: {"files":[{"name","contentType","size"}],"collection"?} with 1 to ${MAX_FILES_PER_UPLOAD} files.`;

/** `202` to a presign request: one signed PUT per file taken, and the job that tracks them. */
export const presignResponseSchema = z.object({
  jobId: z.string(),
  /** The collection the uploads go to. */
  collection: z.string().optional(),
  uploads: z.array(z.object({ source: z.string(), method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()) })),
  refused: z.array(refusedFileSchema).optional(),
});

/** `202` to a multipart upload (locally): the documents stored, and the job that ingests them. */
export const uploadResponseSchema = z.object({
  jobId: z.string(),
  documents: z.array(z.object({ source: z.string(), bytes: z.number().int().nonnegative() })),
  refused: z.array(refusedFileSchema).optional(),
});

export type StoredDocumentBody = z.infer<typeof storedDocumentSchema>;
export type PresignRequest = z.infer<typeof presignRequestSchema>;
export type PresignResponse = z.infer<typeof presignResponseSchema>;
export type UploadResponse = z.infer<typeof uploadResponseSchema>;
export type RefusedFile = z.infer<typeof refusedFileSchema>;
