import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { ChatResponse } from '#core/chat-workflow/chat-state.js';
import type { ChatResponseBody } from '#core/contract/chat-contract.js';
import type { StoredDocumentBody } from '#core/contract/documents-contract.js';
import type { StoredDocument } from '#core/store/vector-store.js';
import { chatResponseSchema } from '#core/contract/chat-contract.js';
import { documentListSchema, presignResponseSchema, uploadResponseSchema } from '#core/contract/documents-contract.js';
import { errorBodySchema } from '#core/contract/error-schema.js';
import { httpStatusFor } from '#core/contract/error-codes.js';
import { jobListSchema } from '#core/contract/jobs-contract.js';
import { feedbackResponseSchema } from '#core/contract/feedback-contract.js';
import { insightsResponseSchema } from '#core/contract/insights-contract.js';
import { type ApiAnswer, type AwsApi, startAwsApi } from './support/aws-api.js';
import { startTestStack, uploadFiles, waitForJob } from '../support/local-stack-harness.js';

// One table of requests against both runtimes: the local Fastify app (real PGlite, real HTTP)
// and the deployed Lambda handlers behind API Gateway's routes (PGlite over the wire, s3rver).
// Each answer must match the contract's schema, and both runtimes must answer alike.

const ENV = { EMBEDDING_DIMENSIONS: '128', RAG_MAX_UPLOAD_BYTES: '1000' };
const TOKEN = 'contract-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const DOCUMENT = { name: 'vacaciones.md', content: '# Política de vacaciones\n\nCada empleado tiene veintidós días hábiles de vacaciones al año.' };
const CONVERSATION = '6f1c2a4e-8a4b-4c59-9f0e-2d1b3c4d5e6f';

/** What differs between two runs by nature (clock readings, generated job and message ids) is left out of the comparison. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== 'object') return value;
  const skipped = new Set(['createdAt', 'updatedAt', 'startedAt', 'finishedAt', 'timingsMs', 'jobId', 'conversationId', 'messageId']);
  const isJob = 'progress' in value && 'origin' in value;
  return Object.fromEntries(
    Object.entries(value)
      // Jobs: their ids are generated; their uploader and collection are recorded locally only (the AWS API does not pass the caller's identity on yet).
      .filter(([key]) => !skipped.has(key) && !(isJob && (key === 'id' || key === 'uploader' || key === 'collection')))
      .map(([key, item]) => [key, comparable(item)]),
  );
}

/** True only when each type is assignable to the other: the core's own types say what the contract's schemas say. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const CORE_TYPES_AGREE: [Same<ChatResponse, ChatResponseBody>, Same<StoredDocument, StoredDocumentBody>] = [true, true];

describe('the HTTP contract, on the local stack and on AWS', () => {
  test('the core answers with the types the contract describes (checked by the type checker)', () => {
    // assess
    expect(CORE_TYPES_AGREE).toEqual([true, true]);
  });

  let local: Awaited<ReturnType<typeof startTestStack>>;
  let aws: AwsApi;

  async function localCall(method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH): Promise<ApiAnswer> {
    const response = await fetch(`${local.url}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  beforeAll(async () => {
    local = await startTestStack({ ...ENV, RAG_API_TOKEN: TOKEN });
    aws = await startAwsApi(ENV);
    const accepted = (await (await uploadFiles(local.url, [DOCUMENT], AUTH)).json()) as { jobId: string };
    await waitForJob(local.url, accepted.jobId, AUTH);
    await aws.ingest(DOCUMENT.name, DOCUMENT.content);
  }, 300_000);

  afterAll(async () => {
    await local?.close();
    await aws?.close();
  });

  const tooLong = 'x'.repeat(4001);
  test.each<[string, () => Promise<ApiAnswer>, () => Promise<ApiAnswer>, z.ZodType, Record<string, unknown>?]>([
    ['chat without a message', () => localCall('POST', '/api/chat', {}), () => aws.chat({}), errorBodySchema],
    ['chat with an empty message', () => localCall('POST', '/api/chat', { message: '' }), () => aws.chat({ message: '' }), errorBodySchema],
    ['chat with a blank message', () => localCall('POST', '/api/chat', { message: '   ' }), () => aws.chat({ message: '   ' }), errorBodySchema],
    ['chat over 4,000 characters', () => localCall('POST', '/api/chat', { message: tooLong }), () => aws.chat({ message: tooLong }), errorBodySchema],
    [
      'chat with a conversationId that is not a UUID',
      () => localCall('POST', '/api/chat', { message: 'hola', conversationId: 'abc' }),
      () => aws.chat({ message: 'hola', conversationId: 'abc' }),
      errorBodySchema,
    ],
    [
      'chat with an unknown field',
      () => localCall('POST', '/api/chat', { message: 'hola', stream: true }),
      () => aws.chat({ message: 'hola', stream: true }),
      errorBodySchema,
    ],
    ['a greeting', () => localCall('POST', '/api/chat', { message: 'hola, ¿qué tal?' }), () => aws.chat({ message: 'hola, ¿qué tal?' }), chatResponseSchema],
    [
      'a question in a conversation',
      () => localCall('POST', '/api/chat', { message: '¿Cuántos días de vacaciones tiene cada empleado?', conversationId: CONVERSATION }),
      () => aws.chat({ message: '¿Cuántos días de vacaciones tiene cada empleado?', conversationId: CONVERSATION }),
      chatResponseSchema,
      { conversationId: CONVERSATION, intent: 'question' },
    ],
    ['the documents list', () => localCall('GET', '/api/documents'), () => aws.listDocuments(), documentListSchema],
    [
      'deleting a document that does not exist',
      () => localCall('DELETE', '/api/documents/nothing-here.md'),
      () => aws.deleteDocument('nothing-here.md'),
      errorBodySchema,
    ],
    ['the jobs list', () => localCall('GET', '/api/jobs?limit=5'), () => aws.listJobs({ limit: '5' }), jobListSchema],
    ['a job that does not exist', () => localCall('GET', `/api/jobs/${CONVERSATION}`), () => aws.getJob(CONVERSATION), errorBodySchema],
    ['a job id over the length limit', () => localCall('GET', `/api/jobs/${'j'.repeat(1101)}`), () => aws.getJob('j'.repeat(1101)), errorBodySchema],
    [
      'deleting a document by a long source that is not stored',
      () => localCall('DELETE', `/api/documents/${encodeURIComponent(`carpeta/${'ñ'.repeat(300)}.md`)}`),
      () => aws.deleteDocument(`carpeta/${'ñ'.repeat(300)}.md`),
      errorBodySchema,
    ],
    [
      'an upload whose only file is over the size limit',
      async () => {
        const response = await uploadFiles(local.url, [{ name: 'big.md', content: 'a'.repeat(2000) }], AUTH);
        return { status: response.status, body: await response.json() };
      },
      () => aws.presign({ files: [{ name: 'big.md', contentType: 'text/markdown', size: 2000 }] }),
      errorBodySchema,
    ],
  ])('%s', async (_name, onLocal, onAws, schema, both = {}) => {
    // act
    const localAnswer = await onLocal();
    const awsAnswer = await onAws();

    // assess
    expect(schema.safeParse(localAnswer.body).error).toBeUndefined();
    expect(schema.safeParse(awsAnswer.body).error).toBeUndefined();
    expect(awsAnswer.status).toBe(localAnswer.status);
    expect(comparable(awsAnswer.body)).toEqual(comparable(localAnswer.body));
    expect(localAnswer.body).toMatchObject(both);
    expect(awsAnswer.body).toMatchObject(both);
    if (schema === errorBodySchema) expect(localAnswer.status).toBe(httpStatusFor((localAnswer.body as z.infer<typeof errorBodySchema>).error.code));
  });

  test('rating an answer: 200, then 200 replaced, 404 for an unknown message, 400 for a bad rating, and the admin sees it in the insights', async () => {
    // prepare: each runtime rates the answer it gave (message ids are generated)
    const question = { message: '¿Cuántos días de vacaciones tiene cada empleado?' };
    const localMessage = chatResponseSchema.parse((await localCall('POST', '/api/chat', question)).body).messageId;
    const awsMessage = chatResponseSchema.parse((await aws.chat(question)).body).messageId;
    const rating = (messageId: string | undefined, vote: string) => ({ messageId, rating: vote, comment: 'Falta el detalle de los días.' });
    const unknown = { messageId: '00000000-0000-4000-8000-000000000000', rating: 'up' };

    // act
    const pairs = [
      [await localCall('POST', '/api/feedback', rating(localMessage, 'up')), await aws.feedback(rating(awsMessage, 'up'))],
      [await localCall('POST', '/api/feedback', rating(localMessage, 'down')), await aws.feedback(rating(awsMessage, 'down'))],
      [await localCall('POST', '/api/feedback', unknown), await aws.feedback(unknown)],
      [await localCall('POST', '/api/feedback', rating(localMessage, 'meh')), await aws.feedback(rating(awsMessage, 'meh'))],
      // With no users configured, the local caller is an admin; on AWS the caller is one by the rag-admins group.
      [await localCall('GET', '/api/insights?days=7'), await aws.insights('rag-admins', { days: '7' })],
    ] as const;

    // assess
    expect(pairs.map(([localAnswer]) => localAnswer.status)).toEqual([200, 200, 404, 400, 200]);
    expect(pairs.map(([, awsAnswer]) => awsAnswer.status)).toEqual([200, 200, 404, 400, 200]);
    const [first, second, missing, invalid, insights] = pairs;
    for (const [localAnswer, awsAnswer] of [first, second]) {
      expect(comparable(feedbackResponseSchema.parse(awsAnswer.body))).toEqual(comparable(feedbackResponseSchema.parse(localAnswer.body)));
    }
    expect(feedbackResponseSchema.parse(second[1].body)).toMatchObject({ messageId: awsMessage, rating: 'down', replaced: true });
    expect(feedbackResponseSchema.parse(first[1].body).replaced).toBe(false);
    expect(missing[1].body).toEqual(missing[0].body);
    expect(errorBodySchema.parse(invalid[1].body).error.code).toBe('invalid_request');
    expect(invalid[1].body).toEqual(invalid[0].body);
    const [localInsights, awsInsights] = [insightsResponseSchema.parse(insights[0].body), insightsResponseSchema.parse(insights[1].body)];
    expect(awsInsights.ratings.down).toBe(localInsights.ratings.down);
    expect(awsInsights.ratings.thumbsDown.map((item) => [item.messageId, item.comment])).toEqual([[awsMessage, 'Falta el detalle de los días.']]);
    expect(comparable(awsInsights.ratings.thumbsDown.map(({ user: _user, at: _at, ...item }) => item))).toEqual(
      comparable(localInsights.ratings.thumbsDown.map(({ user: _user, at: _at, ...item }) => item)),
    );
  });

  test('the insights are for admins: a signed-in user in no admin group gets the contract 403 on AWS', async () => {
    // act
    const answer = await aws.insights('');

    // assess
    expect(answer.status).toBe(403);
    expect(answer.status).toBe(httpStatusFor(errorBodySchema.parse(answer.body).error.code));
    expect(errorBodySchema.parse(answer.body).error.code).toBe('forbidden');
  });

  test('a request without credentials is refused in the contract shape (locally; on AWS the Cognito authorizer answers, see test/lib)', async () => {
    // act
    const answer = await localCall('GET', '/api/documents', undefined, {});

    // assess
    expect(answer.status).toBe(httpStatusFor('unauthorized'));
    expect(errorBodySchema.parse(answer.body).error.code).toBe('unauthorized');
  });

  test('a document whose file cannot be removed from storage is kept, and both say so with a 503', async () => {
    // prepare: locally the stored file becomes a folder, which the store cannot delete as a file; on AWS the bucket is wrong
    const [document] = documentListSchema.parse((await localCall('GET', '/api/documents')).body);
    const stored = path.join(local.dataDir, 'objects', ...document!.source.split('/'));
    const content = await readFile(stored);
    await rm(stored);
    await mkdir(stored);
    await writeFile(path.join(stored, 'inside.txt'), 'x');
    const bucket = process.env.RAW_BUCKET_NAME;
    process.env.RAW_BUCKET_NAME = 'no-such-bucket';

    // act
    const localAnswer = await localCall('DELETE', `/api/documents/${document!.id}`);
    const awsAnswer = await aws.deleteDocument(document!.id).finally(() => {
      process.env.RAW_BUCKET_NAME = bucket;
    });
    await rm(stored, { recursive: true });
    await writeFile(stored, content);

    // assess
    expect(localAnswer.status).toBe(503);
    expect(errorBodySchema.parse(localAnswer.body).error.code).toBe('object_store_unavailable');
    expect(awsAnswer).toEqual(localAnswer);
    expect(documentListSchema.parse((await localCall('GET', '/api/documents')).body).map((d) => d.id)).toEqual([document!.id]);
    expect(documentListSchema.parse((await aws.listDocuments()).body).map((d) => d.id)).toEqual([document!.id]);
  });

  test('deleting a stored document: 204 on both, then the lists agree that it is gone', async () => {
    // prepare
    const [document] = documentListSchema.parse((await localCall('GET', '/api/documents')).body);

    // act
    const localAnswer = await localCall('DELETE', `/api/documents/${document!.id}`);
    const awsAnswer = await aws.deleteDocument(document!.id);
    const localAfter = await localCall('GET', '/api/documents');
    const awsAfter = await aws.listDocuments();

    // assess
    expect(localAnswer).toEqual({ status: 204, body: undefined });
    expect(awsAnswer).toEqual(localAnswer);
    expect(localAfter.body).toEqual([]);
    expect(awsAfter.body).toEqual([]);
  });

  // Last: its upload runs a job locally that the comparisons above do not expect.
  test('a file over the size limit is refused alone with the code too_large and the same words on both', async () => {
    // act
    const localUpload = await uploadFiles(
      local.url,
      [
        { name: 'big.md', content: 'a'.repeat(2000) },
        { name: 'small.md', content: '# Small\n\nA small note.' },
      ],
      AUTH,
    );
    const localAnswer = { status: localUpload.status, body: uploadResponseSchema.parse(await localUpload.json()) };
    const awsAnswer = await aws.presign({
      files: [
        { name: 'big.md', contentType: 'text/markdown', size: 2000 },
        { name: 'small.md', contentType: 'text/markdown', size: 24 },
      ],
    });
    await waitForJob(local.url, localAnswer.body.jobId, AUTH);

    // assess
    expect(localAnswer.status).toBe(202);
    expect(awsAnswer.status).toBe(202);
    expect(localAnswer.body.refused).toEqual([{ name: 'big.md', code: 'too_large', reason: expect.stringMatching(/^big\.md: the file is larger than/) }]);
    expect(presignResponseSchema.parse(awsAnswer.body).refused).toEqual(localAnswer.body.refused);
  });
});
