import { S3Client } from '@aws-sdk/client-s3';
import { tracer } from '#aws/powertools.js';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { PRESIGN_REQUEST_INVALID_MESSAGE, pathIdSchema, presignRequestSchema } from '#core/contract/documents-contract.js';
import { parseRequest } from '#core/contract/parse-request.js';
import { rawBucketEnvironmentSchema, readEnvironment } from '#core/config/environment-contract.js';
import { RagError } from '#core/errors.js';
import { errorResponse, json } from '#aws/api-response.js';
import { getLambdaRuntime } from '#aws/lambda-runtime.js';
import { jsonBody } from '#aws/json-body.js';
import { withMiddleware } from '#aws/with-middleware.js';
import { S3ObjectStore } from '#core/object-store/s3-object-store.js';
import { readableCollections, uploadCollection } from '#core/access/access-policy.js';
import { apiUploadKeyIn } from '#core/access/source-collection.js';
import { groupAccessFromEnvironment, principalOfEvent } from '#aws/caller-principal.js';
import { deleteDocument } from '#core/documents/delete-document.js';
import { assertSomethingTaken, oversizedRefusal } from '#core/documents/refuse-oversized.js';

// Traced, so each S3 call is a subsegment of the invocation in X-Ray.
const s3 = tracer.captureAWSv3Client(new S3Client({}));

/**
 * POST /api/documents → presigned S3 PUT URLs, each signing the file's declared size (at most the
 * configured limit) as its Content-Length, and a job that tracks them (the S3 event of each PUT
 * reaches the ingest queue, which claims the job); GET /api/documents; DELETE /api/documents/{id}.
 * Each is the caller's, from the authorizer's claims: the collections they read are listed,
 * uploads go to one they edit (its name is in the object key, which ingest files it by), and a
 * document they cannot read is not found.
 */
export const handler = withMiddleware(async (event: APIGatewayProxyEvent, _context, secrets): Promise<APIGatewayProxyResult> => {
  try {
    const runtime = await getLambdaRuntime(secrets, process.env, { models: 'catalog' });
    const objects = new S3ObjectStore(s3, readEnvironment(rawBucketEnvironmentSchema, process.env).RAW_BUCKET_NAME);
    const principal = principalOfEvent(event, groupAccessFromEnvironment());
    if (event.httpMethod === 'GET') return json(200, await runtime.store.listDocuments(readableCollections(principal)));

    if (event.httpMethod === 'DELETE') {
      const { id } = parseRequest(pathIdSchema, { id: decodeURIComponent(event.pathParameters?.id ?? '') });
      await deleteDocument({ store: runtime.store, objects }, id, principal);
      return json(204, undefined);
    }

    if (event.httpMethod === 'POST') {
      const { files, collection: requested } = parseRequest(
        presignRequestSchema,
        jsonBody(event, PRESIGN_REQUEST_INVALID_MESSAGE),
        PRESIGN_REQUEST_INVALID_MESSAGE,
      );
      const collection = uploadCollection(principal, requested);
      const limit = runtime.config.ingest.maxDocumentBytes;
      // A file over the limit is refused alone, as the local API does; its batch-mates are still taken.
      const refused = files.filter((file) => file.size > limit).map((file) => oversizedRefusal(file.name, limit));
      assertSomethingTaken(files.length - refused.length, refused);
      const uploads = files
        .filter((file) => file.size <= limit)
        .map((file) => ({ key: apiUploadKeyIn(collection, file.name), contentType: file.contentType || 'application/octet-stream', size: file.size }));
      const jobId = await runtime.jobs.create(
        'http',
        uploads.map((upload) => ({ source: upload.key })),
        undefined,
        { uploader: principal.user, collection },
      );
      const signed = await Promise.all(
        uploads.map(async (upload) => ({
          source: upload.key,
          method: 'PUT' as const,
          url: await objects.presignUpload(upload.key, upload.contentType, upload.size),
          headers: { 'Content-Type': upload.contentType },
        })),
      );
      return json(202, { jobId, collection, uploads: signed, ...(refused.length > 0 ? { refused } : {}) });
    }
    throw new RagError('method_not_allowed', `${event.httpMethod} is not supported here`);
  } catch (error) {
    return errorResponse(error);
  }
});
