import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Ajv } from 'ajv';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, SQSEvent } from 'aws-lambda';
import { StateMachine } from 'aws-local-stepfunctions';
import S3rver from 's3rver';
import { resetLambdaRuntime } from '#aws/lambda-runtime.js';
import { CHAT_REQUEST_INVALID_MESSAGE } from '#core/contract/chat-contract.js';
import { buildS3ObjectEvent } from '#core/queue/s3-event.js';
import { CHAT_WORKFLOW_STATES, LOCAL_CHAT_WORKFLOW_RESOURCES, buildChatWorkflowDefinition } from '#core/workflow/chat-workflow-definition.js';
import { apiGatewayModelSchema } from '../../../lib/constructs/api-gateway-model.js';
import { CHAT_REQUEST_MODEL_SCHEMA } from '../../../lib/constructs/chat-api-models.js';
import { freePort } from '../../support/free-port.js';

export interface ApiAnswer {
  status: number;
  body: unknown;
}

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/** The signed-in caller of every request: in no group, so an editor of `default` only, as every user is by default. */
const CONTRACT_USER = 'contract-user';

const context = { functionName: 'contract', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

/**
 * The AWS side of the API, offline: the deployed Lambda handlers behind API Gateway's routes,
 * against PostgreSQL (PGlite over its wire protocol) and S3 (s3rver). `/api/chat` is what API
 * Gateway does there: the request model (generated from the contract) validates the body, then
 * the chat workflow definition runs with the deployed step handlers.
 */
export async function startAwsApi(env: Record<string, string>) {
  const pglite = await PGlite.create({ extensions: { vector } });
  const dbPort = await freePort();
  const socket = new PGLiteSocketServer({ db: pglite, port: dbPort, host: '127.0.0.1', maxConnections: 1 });
  await socket.start();
  const s3Dir = await mkdtemp(path.join(os.tmpdir(), 's3rver-'));
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'raw', configs: [] }] });
  const { port: s3Port } = await s3.run();
  const saved = { ...process.env };
  Object.assign(process.env, {
    DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${dbPort}/postgres`,
    RAW_BUCKET_NAME: 'raw',
    RAG_MAX_RECEIVE_COUNT: '5',
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...env,
  });
  const load = async (file: string): Promise<never> => (await import(`../../../functions/${file}.js`)).handler as never;
  const handlers = {
    migrate: (await load('migrate')) as Handler<unknown, unknown>,
    ingest: (await load('ingest-queue')) as Handler<SQSEvent, { batchItemFailures: unknown[] }>,
    documents: (await load('documents-api')) as Handler<APIGatewayProxyEvent, APIGatewayProxyResult>,
    jobs: (await load('jobs-api')) as Handler<APIGatewayProxyEvent, APIGatewayProxyResult>,
    feedback: (await load('feedback-api')) as Handler<APIGatewayProxyEvent, APIGatewayProxyResult>,
    improve: (await load('improve-question')) as Handler<unknown, unknown>,
    retrieve: (await load('retrieve')) as Handler<unknown, unknown>,
    answer: (await load('answer')) as Handler<unknown, unknown>,
  };
  await handlers.migrate({ RequestType: 'Create', ResourceProperties: {} }, context);

  const { schema: _draft, ...chatModel } = apiGatewayModelSchema(CHAT_REQUEST_MODEL_SCHEMA, 'ChatRequest') as Record<string, unknown>;
  const chatModelValid = new Ajv({ strict: false }).compile(chatModel);
  const machine = new StateMachine(buildChatWorkflowDefinition(LOCAL_CHAT_WORKFLOW_RESOURCES));
  const s = CHAT_WORKFLOW_STATES;
  const task = (handler: Handler<unknown, unknown>) => async (input: unknown) => (await handler(input, context)) as never;
  const overrides = {
    taskResourceLocalHandlers: { [s.improve]: task(handlers.improve), [s.retrieve]: task(handlers.retrieve), [s.answer]: task(handlers.answer) },
  };

  async function chat(body: unknown): Promise<ApiAnswer> {
    // The BadRequestBody gateway response of lib/constructs/chat-api.ts.
    if (!chatModelValid(body)) return { status: 400, body: { error: { code: 'invalid_request', message: CHAT_REQUEST_INVALID_MESSAGE } } };
    // The mapping template copies these body fields and adds the authorizer's identity.
    const { message, conversationId, collections, filters } = body as Record<string, unknown>;
    const input = { message, conversationId, collections, filters, identity: { sub: CONTRACT_USER, username: CONTRACT_USER, groups: '' } };
    const output = await machine.run(JSON.parse(JSON.stringify(input)), { overrides }).result;
    return { status: 200, body: output };
  }

  async function proxy(
    handler: Handler<APIGatewayProxyEvent, APIGatewayProxyResult>,
    method: string,
    resource: string,
    id?: string,
    body?: unknown,
    query?: Record<string, string>,
    groups?: string,
  ) {
    const result = await handler(
      {
        httpMethod: method,
        resource,
        path: resource.replace('{id}', id ?? ''),
        pathParameters: id === undefined ? null : { id },
        queryStringParameters: query ?? null,
        headers: {},
        multiValueHeaders: {},
        multiValueQueryStringParameters: null,
        body: body === undefined ? null : JSON.stringify(body),
        isBase64Encoded: false,
        stageVariables: null,
        requestContext: {
          authorizer: { claims: { sub: CONTRACT_USER, 'cognito:username': CONTRACT_USER, ...(groups ? { 'cognito:groups': groups } : {}) } },
        } as unknown as APIGatewayProxyEvent['requestContext'],
      },
      context,
    );
    return { status: result.statusCode, body: result.body ? (JSON.parse(result.body) as unknown) : undefined };
  }

  return {
    chat,
    listDocuments: () => proxy(handlers.documents, 'GET', '/api/documents'),
    deleteDocument: (id: string) => proxy(handlers.documents, 'DELETE', '/api/documents/{id}', encodeURIComponent(id)),
    presign: (body: unknown) => proxy(handlers.documents, 'POST', '/api/documents', undefined, body),
    listJobs: (query?: Record<string, string>) => proxy(handlers.jobs, 'GET', '/api/jobs', undefined, undefined, query),
    getJob: (id: string) => proxy(handlers.jobs, 'GET', '/api/jobs/{id}', id),
    feedback: (body: unknown) => proxy(handlers.feedback, 'POST', '/api/feedback', undefined, body),
    /** As a member of `groups` (comma-joined, as the authorizer passes `cognito:groups` on): `rag-admins` makes an admin. */
    insights: (groups: string, query?: Record<string, string>) => proxy(handlers.feedback, 'GET', '/api/insights', undefined, undefined, query, groups),
    /** Uploads one document as the site does on AWS (presigned PUT), then delivers its S3 event to the ingest handler. */
    async ingest(name: string, content: string): Promise<void> {
      const signed = (
        await proxy(handlers.documents, 'POST', '/api/documents', undefined, {
          files: [{ name, contentType: 'text/markdown', size: Buffer.byteLength(content) }],
        })
      ).body as {
        uploads: { source: string; url: string; headers: Record<string, string> }[];
      };
      const upload = signed.uploads[0]!;
      await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: content });
      const record = {
        messageId: name,
        receiptHandle: name,
        body: JSON.stringify(buildS3ObjectEvent('Object Created', 'raw', upload.source)),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:1:ingest',
        awsRegion: 'us-east-1',
      };
      await handlers.ingest({ Records: [record] }, context);
    },
    async close() {
      await resetLambdaRuntime();
      await socket.stop();
      await pglite.close();
      await s3.close();
      await rm(s3Dir, { recursive: true, force: true });
      process.env = saved;
    },
  };
}

export type AwsApi = Awaited<ReturnType<typeof startAwsApi>>;
