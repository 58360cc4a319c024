import os from 'node:os';
import { freePort } from '../support/free-port.js';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { StateMachine } from 'aws-local-stepfunctions';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, SQSEvent } from 'aws-lambda';
import S3rver from 's3rver';
import { resetLambdaRuntime } from '#aws/lambda-runtime.js';
import { buildS3ObjectEvent } from '#core/queue/s3-event.js';
import { CHAT_WORKFLOW_STATES, LOCAL_CHAT_WORKFLOW_RESOURCES, buildChatWorkflowDefinition } from '#core/workflow/chat-workflow-definition.js';
import { workflowErrorName } from '#core/workflow/workflow-error-name.js';

// The Lambda handlers exactly as deployed, against real wire-protocol peers: PostgreSQL
// (PGlite over pglite-socket) through the `postgres` driver, and S3 (s3rver) through the SDK.

const context = { functionName: 'test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/** What the Cognito authorizer vouches for: the caller's sub and comma-joined groups. */
interface Caller {
  sub: string;
  groups?: string;
}
const ana: Caller = { sub: 'ana-sub' };

function apiEvent(method: string, resource: string, options: { id?: string; body?: unknown; caller?: Caller } = {}): APIGatewayProxyEvent {
  const caller = options.caller ?? ana;
  return {
    httpMethod: method,
    resource,
    path: resource.replace('{id}', options.id ?? ''),
    pathParameters: options.id ? { id: options.id } : null,
    queryStringParameters: null,
    headers: {},
    multiValueHeaders: {},
    multiValueQueryStringParameters: null,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    stageVariables: null,
    requestContext: {
      authorizer: { claims: { sub: caller.sub, 'cognito:username': caller.sub, ...(caller.groups ? { 'cognito:groups': caller.groups } : {}) } },
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

/** The chat execution input the route's mapping template builds for a caller. */
function chatInput(caller: Caller, body: Record<string, unknown>) {
  return { ...body, identity: { sub: caller.sub, username: caller.sub, groups: caller.groups ?? '' } };
}

describe('Lambda handlers', () => {
  let pglite: PGlite;
  let socket: PGLiteSocketServer;
  let s3: S3rver;
  let s3Dir: string;
  const saved = { ...process.env };
  let handlers: {
    migrate: Handler<unknown, { PhysicalResourceId: string; Data?: { count: number } }>;
    ingest: Handler<SQSEvent, { batchItemFailures: { itemIdentifier: string }[] }>;
    documents: Handler<APIGatewayProxyEvent, APIGatewayProxyResult>;
    jobs: Handler<APIGatewayProxyEvent, APIGatewayProxyResult>;
    feedback: Handler<APIGatewayProxyEvent | { source: 'aws.events'; 'detail-type': 'Scheduled Event' }, APIGatewayProxyResult | { purged: number }>;
    improve: Handler<unknown, unknown>;
    retrieve: Handler<unknown, unknown>;
    answer: Handler<unknown, unknown>;
  };

  beforeAll(async () => {
    pglite = await PGlite.create({ extensions: { vector } });
    const dbPort = await freePort();
    socket = new PGLiteSocketServer({ db: pglite, port: dbPort, host: '127.0.0.1', maxConnections: 1 });
    await socket.start();
    s3Dir = await mkdtemp(path.join(os.tmpdir(), 's3rver-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'raw', configs: [] }] });
    const { port: s3Port } = await s3.run();
    Object.assign(process.env, {
      DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${dbPort}/postgres`,
      RAW_BUCKET_NAME: 'raw',
      RAG_MAX_RECEIVE_COUNT: '5',
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      EMBEDDING_DIMENSIONS: '128',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    handlers = {
      migrate: (await import('../../functions/migrate.js')).handler as never,
      ingest: (await import('../../functions/ingest-queue.js')).handler as never,
      documents: (await import('../../functions/documents-api.js')).handler as never,
      jobs: (await import('../../functions/jobs-api.js')).handler as never,
      feedback: (await import('../../functions/feedback-api.js')).handler as never,
      improve: (await import('../../functions/improve-question.js')).handler as never,
      retrieve: (await import('../../functions/retrieve.js')).handler as never,
      answer: (await import('../../functions/answer.js')).handler as never,
    };
  });

  afterAll(async () => {
    await resetLambdaRuntime();
    await socket.stop();
    await pglite.close();
    await s3.close();
    await rm(s3Dir, { recursive: true, force: true });
    process.env = saved;
  });

  test('the migration custom resource applies the schema, then finds nothing to do', async () => {
    // act
    const created = await handlers.migrate({ RequestType: 'Create', ResourceProperties: {} }, context);
    const updated = await handlers.migrate({ RequestType: 'Update', PhysicalResourceId: 'rag-schema', ResourceProperties: {} }, context);
    const deleted = await handlers.migrate({ RequestType: 'Delete', PhysicalResourceId: 'rag-schema', ResourceProperties: {} }, context);

    // assess
    expect(created.PhysicalResourceId).toBe('rag-schema');
    expect(created.Data!.count).toBeGreaterThanOrEqual(4);
    expect(updated.Data).toMatchObject({ applied: '' });
    expect(deleted.PhysicalResourceId).toBe('rag-schema');
  });

  test('presigned upload → S3 event through the ingest handler → job succeeded → listed → chat workflow cites it', async () => {
    // prepare
    const content = '# Política de vacaciones\n\nCada empleado tiene veintidós días hábiles de vacaciones al año.';
    // act: ask for an upload URL and PUT the file to S3 with it, as the browser does
    const presign = await handlers.documents(
      apiEvent('POST', '/api/documents', { body: { files: [{ name: 'vacaciones.md', contentType: 'text/markdown', size: Buffer.byteLength(content) }] } }),
      context,
    );
    const { jobId, uploads } = JSON.parse(presign.body) as { jobId: string; uploads: { source: string; url: string; headers: Record<string, string> }[] };
    const put = await fetch(uploads[0]!.url, {
      method: 'PUT',
      headers: uploads[0]!.headers,
      body: content,
    });

    // act: S3 → EventBridge → SQS delivers the event to the ingest function
    const batch: SQSEvent = {
      Records: [
        {
          messageId: 'm1',
          receiptHandle: 'r1',
          body: JSON.stringify(buildS3ObjectEvent('Object Created', 'raw', uploads[0]!.source)),
          attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:1:ingest',
          awsRegion: 'us-east-1',
        },
      ],
    };
    const ingested = await handlers.ingest(batch, context);
    const job = JSON.parse((await handlers.jobs(apiEvent('GET', '/api/jobs/{id}', { id: jobId }), context)).body);
    const listed = JSON.parse((await handlers.documents(apiEvent('GET', '/api/documents'), context)).body) as { source: string }[];

    // assess
    expect(presign.statusCode).toBe(202);
    expect(uploads[0]!.source).toBe('api-uploads/vacaciones.md');
    expect(put.status).toBe(200);
    expect(ingested.batchItemFailures).toEqual([]);
    expect(job).toMatchObject({ id: jobId, status: 'succeeded', origin: 'http' });
    expect(listed.map((d) => d.source)).toEqual(['api-uploads/vacaciones.md']);

    // act: the chat workflow definition, each Task running the deployed handler
    const machine = new StateMachine(buildChatWorkflowDefinition(LOCAL_CHAT_WORKFLOW_RESOURCES));
    const s = CHAT_WORKFLOW_STATES;
    const calls: string[] = [];
    const task = (name: string, handler: Handler<unknown, unknown>) => async (input: unknown) => {
      calls.push(name);
      return (await handler(input, context)) as never;
    };
    const overrides = {
      taskResourceLocalHandlers: {
        [s.improve]: task('improve', handlers.improve),
        [s.retrieve]: task('retrieve', handlers.retrieve),
        [s.answer]: task('answer', handlers.answer),
      },
    };
    const answer = (await machine.run(chatInput(ana, { message: '¿Cuántos días de vacaciones tiene cada empleado?' }), { overrides }).result) as Record<
      string,
      any
    >;
    const greetingCalls = calls.length;
    const greeting = (await machine.run(chatInput(ana, { message: 'hola, ¿qué tal?' }), { overrides }).result) as Record<string, any>;

    // assess
    expect(answer).toMatchObject({ intent: 'question', language: 'es', answerMode: 'extractive' });
    expect(answer.citations[0]).toMatchObject({ n: 1, source: 'api-uploads/vacaciones.md' });
    expect(answer.answer).toContain('veintidós días');
    expect(calls.slice(0, greetingCalls)).toEqual(['improve', 'retrieve', 'answer']);
    expect(greeting).toMatchObject({ intent: 'greeting', citations: [], usage: { embeddingTokens: 0 } });
    expect(calls.slice(greetingCalls)).toEqual(['improve']);
  });

  test('API errors use the contract shape', async () => {
    // act
    const badName = await handlers.documents(apiEvent('POST', '/api/documents', { body: { files: [{ name: '../../etc/passwd', size: 10 }] } }), context);
    const tooBig = await handlers.documents(apiEvent('POST', '/api/documents', { body: { files: [{ name: 'big.pdf', size: 10 ** 10 }] } }), context);
    const missingJob = await handlers.jobs(apiEvent('GET', '/api/jobs/{id}', { id: '00000000-0000-4000-8000-000000000000' }), context);

    // assess
    expect(badName.statusCode).toBe(400);
    expect(JSON.parse(badName.body)).toMatchObject({ error: { code: 'invalid_file_name' } });
    expect(tooBig.statusCode).toBe(413);
    expect(missingJob.statusCode).toBe(404);
    expect(missingJob.headers!['X-Content-Type-Options']).toBe('nosniff');
  });

  test('an oversized file is refused alone, in MB, and its batch-mates still get upload URLs', async () => {
    // act
    const mixed = await handlers.documents(
      apiEvent('POST', '/api/documents', {
        body: {
          files: [
            { name: 'big.pdf', size: 10 ** 10 },
            { name: 'notes.md', contentType: 'text/markdown', size: 40 },
          ],
        },
      }),
      context,
    );

    // assess
    expect(mixed.statusCode).toBe(202);
    const body = JSON.parse(mixed.body) as { uploads: { source: string }[]; refused: { name: string; reason: string }[] };
    expect(body.uploads.map((upload) => upload.source)).toEqual(['api-uploads/notes.md']);
    expect(body.refused).toEqual([{ name: 'big.pdf', code: 'too_large', reason: expect.stringMatching(/^big\.pdf: .* \d+(\.\d)? MB limit/) }]);
    expect(body.refused[0]!.reason).not.toMatch(/bytes/);
  });

  test('deleting a document removes its raw object and its chunks', async () => {
    // prepare
    const [document] = JSON.parse((await handlers.documents(apiEvent('GET', '/api/documents'), context)).body) as { id: string }[];

    // act
    const response = await handlers.documents(apiEvent('DELETE', '/api/documents/{id}', { id: document!.id }), context);
    const after = JSON.parse((await handlers.documents(apiEvent('GET', '/api/documents'), context)).body);

    // assess
    expect(response.statusCode).toBe(204);
    expect(after).toEqual([]);
  });
  test('each caller sees, deletes and asks within their own collections, by the groups the authorizer vouches for', async () => {
    // prepare: a finance editor uploads a finance document and asks about it
    const finance: Caller = { sub: 'fin-sub', groups: 'finance-editors' };
    const handbook: Caller = { sub: 'hb-sub', groups: 'handbook-readers' };
    const presign = await handlers.documents(
      apiEvent('POST', '/api/documents', {
        caller: finance,
        body: { collection: 'finance', files: [{ name: 'bonus.md', contentType: 'text/markdown', size: 90 }] },
      }),
      context,
    );
    const { jobId, uploads } = JSON.parse(presign.body) as { jobId: string; uploads: { source: string; url: string; headers: Record<string, string> }[] };
    await fetch(uploads[0]!.url, {
      method: 'PUT',
      headers: uploads[0]!.headers,
      body: '# Bonus\n\nThe annual bonus of the harbour staff is paid every March.',
    });
    const record = { messageId: 'm2', receiptHandle: 'r2', body: JSON.stringify(buildS3ObjectEvent('Object Created', 'raw', uploads[0]!.source)) };
    await handlers.ingest({ Records: [{ ...record, attributes: { ApproximateReceiveCount: '1' } }] } as unknown as SQSEvent, context);
    const machine = new StateMachine(buildChatWorkflowDefinition(LOCAL_CHAT_WORKFLOW_RESOURCES));
    const s = CHAT_WORKFLOW_STATES;
    const task = (handler: Handler<unknown, unknown>) => async (input: unknown) => (await handler(input, context)) as never;
    const overrides = {
      taskResourceLocalHandlers: { [s.improve]: task(handlers.improve), [s.retrieve]: task(handlers.retrieve), [s.answer]: task(handlers.answer) },
    };
    const ask = (caller: Caller, body: Record<string, unknown>) => machine.run(chatInput(caller, body), { overrides }).result as Promise<Record<string, any>>;
    const question = 'When is the annual bonus of the harbour staff paid?';
    const owned = await ask(finance, { message: question });

    // act: the other user, through every route
    const listed = JSON.parse((await handlers.documents(apiEvent('GET', '/api/documents', { caller: handbook }), context)).body) as { source: string }[];
    const financeListed = JSON.parse((await handlers.documents(apiEvent('GET', '/api/documents', { caller: finance }), context)).body) as {
      id: string;
      source: string;
    }[];
    const financeDocument = financeListed.find((document) => document.source === uploads[0]!.source)!;
    const deleted = await handlers.documents(apiEvent('DELETE', '/api/documents/{id}', { id: financeDocument.id, caller: handbook }), context);
    const uploadDenied = await handlers.documents(
      apiEvent('POST', '/api/documents', { caller: handbook, body: { collection: 'finance', files: [{ name: 'x.md', size: 5 }] } }),
      context,
    );
    const job = await handlers.jobs(apiEvent('GET', '/api/jobs/{id}', { id: jobId, caller: handbook }), context);
    // A body claiming to be the finance user, or to carry a scope, changes nothing: identity is the authorizer's.
    const asked = await ask(handbook, { message: question, userId: finance.sub, scope: {} });
    const hijacked = await ask(handbook, { message: 'and in April?', conversationId: owned.conversationId }).catch((error: Error) => error);
    const anonymous = await machine.run({ message: question }, { overrides }).result.catch((error: Error) => error);

    // assess
    expect(presign.statusCode).toBe(202);
    expect(uploads[0]!.source).toBe('api-uploads/finance/bonus.md');
    expect(financeDocument).toBeDefined();
    expect(owned.citations.map((c: { source: string }) => c.source)).toContain('api-uploads/finance/bonus.md');
    expect(listed.map((d) => d.source)).not.toContain('api-uploads/finance/bonus.md');
    expect(deleted.statusCode).toBe(404);
    expect(uploadDenied.statusCode).toBe(403);
    expect(job.statusCode).toBe(404);
    expect([...asked.citations, ...(asked.sources ?? [])].map((c: { source: string }) => c.source)).not.toContain('api-uploads/finance/bonus.md');
    expect(hijacked).toBeInstanceOf(Error);
    // The execution fails with the error name the chat route's response template answers 404 to.
    expect((hijacked as Error & { cause?: { name?: string } }).cause?.name).toBe(workflowErrorName('not_found'));
    expect(anonymous).toBeInstanceOf(Error);
  });

  test('answers are rated by their conversation owner only, and the daily schedule deletes turns older than the retention', async () => {
    // prepare: ana asks, and her turns are made 100 days old (the retention is 90 by default)
    const machine = new StateMachine(buildChatWorkflowDefinition(LOCAL_CHAT_WORKFLOW_RESOURCES));
    const s = CHAT_WORKFLOW_STATES;
    const task = (handler: Handler<unknown, unknown>) => async (input: unknown) => (await handler(input, context)) as never;
    const overrides = {
      taskResourceLocalHandlers: { [s.improve]: task(handlers.improve), [s.retrieve]: task(handlers.retrieve), [s.answer]: task(handlers.answer) },
    };
    const answer = (await machine.run(chatInput(ana, { message: '¿Cuántos días de vacaciones hay al año?' }), { overrides }).result) as { messageId: string };
    const rate = (caller: Caller) =>
      handlers.feedback(apiEvent('POST', '/api/feedback', { caller, body: { messageId: answer.messageId, rating: 'up' } }), context);

    // act
    const byStranger = (await rate({ sub: 'someone-else' })) as APIGatewayProxyResult;
    const byOwner = (await rate(ana)) as APIGatewayProxyResult;
    const [{ count: before }] = (await pglite.query<{ count: number }>('SELECT count(*)::int AS count FROM conversation_messages')).rows as [{ count: number }];
    await pglite.query(`UPDATE conversation_messages SET created_at = now() - interval '100 days' WHERE message_id = $1`, [answer.messageId]);
    await pglite.query(`UPDATE conversations SET updated_at = now() - interval '100 days'`);
    const purge = await handlers.feedback({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context);
    const [{ count: after }] = (await pglite.query<{ count: number }>('SELECT count(*)::int AS count FROM conversation_messages')).rows as [{ count: number }];
    const afterPurge = (await rate(ana)) as APIGatewayProxyResult;

    // assess
    expect(byStranger.statusCode).toBe(404);
    expect(byOwner.statusCode).toBe(200);
    expect(JSON.parse(byOwner.body)).toMatchObject({ messageId: answer.messageId, rating: 'up', replaced: false });
    expect(purge).toEqual({ purged: 1 });
    expect(after).toBe(before - 1);
    expect(afterPurge.statusCode).toBe(404);
  });
});
