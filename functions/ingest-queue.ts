import { S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handleIngestBatch } from '#core/ingestion/handle-ingest-batch.js';
import { getLambdaRuntime } from '#aws/lambda-runtime.js';
import { ingestDependencies } from '#core/runtime/wire-rag-runtime.js';
import { configureLambdaOcr } from '#aws/lambda-ocr.js';
import { addMetrics, logger, tracer } from '#aws/powertools.js';
import { ingestOutcomeMetrics } from '#core/insights/ingest-and-rating-metrics.js';
import { withMiddleware } from '#aws/with-middleware.js';
import { S3ObjectStore } from '#core/object-store/s3-object-store.js';
import { ingestEnvironmentSchema, readEnvironment } from '#core/config/environment-contract.js';
import { collectionOfSource, parseDropCollections } from '#core/access/source-collection.js';
import { LAMBDA_ENV } from '#core/config/environment-contract.js';
import '#core/polyfills.js';

// An SFTP user's folder files its documents under the collection the deployment config names.
const dropFolders = parseDropCollections(process.env[LAMBDA_ENV.dropCollections]);

// Traced, so each S3 call is a subsegment of the invocation in X-Ray.
const s3 = tracer.captureAWSv3Client(new S3Client({}));

/** SQS → ingest: a batch of EventBridge S3 events in, partial batch failures out. */
export const handler = withMiddleware(async (event: SQSEvent, context, secrets): Promise<SQSBatchResponse> => {
  const runtime = await getLambdaRuntime(secrets, process.env, { writesIndex: true });
  const env = readEnvironment(ingestEnvironmentSchema, process.env);
  configureLambdaOcr({ provider: env.RAG_OCR_PROVIDER, rawBucket: env.RAW_BUCKET_NAME, remainingMs: () => context.getRemainingTimeInMillis() });
  const objects = new S3ObjectStore(s3, env.RAW_BUCKET_NAME);
  return handleIngestBatch(event, {
    ...ingestDependencies(runtime),
    collectionOf: (source: string) => collectionOfSource(source, dropFolders),
    objects,
    maxReceiveCount: env.RAG_MAX_RECEIVE_COUNT,
    concurrency: runtime.config.ingest.concurrency,
    origin: 's3',
    log: (message) => logger.warn(message),
    onOutcomes: (outcomes) => addMetrics(ingestOutcomeMetrics(outcomes)),
  });
});
