import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { evalCommand, exportFeedbackCommand } from '../../../../bin/cli/eval-command.js';
import { chat, startTestStack, uploadFiles, waitForJob } from '../../../support/local-stack-harness.js';

const ALICE = { authorization: 'Bearer alice-token-0123456789' };
const BOB = { authorization: 'Bearer bob-token-0123456789ab' };
const ROOT = { authorization: 'Bearer root-token-0123456789a' };
const USERS = [
  { user: 'alice', token: 'alice-token-0123456789', collections: { handbook: 'editor' } },
  { user: 'bob', token: 'bob-token-0123456789ab', collections: { handbook: 'reader' } },
  { user: 'root', token: 'root-token-0123456789a', admin: true },
];
const GUIDE = `# Harbour guide

The harbour master is Teodora Alcázar. Ferries leave the north pier every forty minutes.

The lighthouse was built in 1874 and repainted in 1990.
`;

describe('feedback and insights over HTTP, and back as an evaluation set', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  const post = (pathName: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${t.url}${pathName}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    t = await startTestStack({ RAG_USERS: JSON.stringify(USERS), RAG_RATE_LIMIT_PER_MINUTE: '0' });
    const upload = await uploadFiles(t.url, [{ name: 'harbour.md', content: GUIDE, type: 'text/markdown' }], ALICE);
    const { jobId } = (await upload.json()) as { jobId: string };
    await waitForJob(t.url, jobId, ALICE);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  test('a rating is stored once per answer, validated, and private to its asker; insights show it with the unanswered questions', async () => {
    // prepare: an answered question, an unanswered one, and a greeting
    const answered = await chat(t.url, 'Who is the harbour master?', undefined, BOB);
    const unanswered = await chat(t.url, 'What does the ferry ticket cost for bicycles?', undefined, BOB);
    const greeting = await chat(t.url, 'hello', undefined, BOB);
    expect([answered.status, unanswered.status, greeting.status]).toEqual([200, 200, 200]);
    expect(answered.body.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(unanswered.body.notFound).toBe(true);

    // act
    const first = await post('/api/feedback', { messageId: answered.body.messageId, rating: 'up' }, BOB);
    const again = await post('/api/feedback', { messageId: answered.body.messageId, rating: 'down', comment: 'Wrong pier' }, BOB);
    const unknown = await post('/api/feedback', { messageId: '00000000-0000-4000-8000-000000000000', rating: 'up' }, BOB);
    const badRating = await post('/api/feedback', { messageId: answered.body.messageId, rating: 'meh' }, BOB);
    const notYours = await post('/api/feedback', { messageId: answered.body.messageId, rating: 'up' }, ALICE);
    const insightsAsReader = await fetch(`${t.url}/api/insights`, { headers: BOB });
    const insights = await fetch(`${t.url}/api/insights?days=7`, { headers: ROOT });
    const badDays = await fetch(`${t.url}/api/insights?days=0`, { headers: ROOT });

    // assess
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ rating: 'up', replaced: false });
    expect(await again.json()).toMatchObject({ rating: 'down', comment: 'Wrong pier', replaced: true });
    expect(unknown.status).toBe(404);
    expect(badRating.status).toBe(400);
    expect(((await badRating.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    expect(notYours.status).toBe(404);
    expect(insightsAsReader.status).toBe(403);
    expect(insights.status).toBe(200);
    const body = (await insights.json()) as Record<string, any>;
    expect(body.questions.total).toBe(2);
    expect(body.questions.intents).toMatchObject({ question: 2, greeting: 1 });
    expect(body.notFound.top).toEqual([expect.objectContaining({ question: 'What does the ferry ticket cost for bicycles?', count: 1 })]);
    expect(body.ratings).toMatchObject({ up: 0, down: 1 });
    expect(body.ratings.thumbsDown).toEqual([expect.objectContaining({ question: 'Who is the harbour master?', comment: 'Wrong pier', user: 'bob' })]);
    expect(body.ingest).toMatchObject({ documentsIndexed: 1, failures: 0 });
    expect(body.latencyMs.total.p50).toBeGreaterThan(0);
    expect(badDays.status).toBe(400);
  });

  test('the /v1 answer carries its message id too', async () => {
    // act
    const response = await post('/v1/chat/completions', { model: 'rag', messages: [{ role: 'user', content: 'When was the lighthouse built?' }] }, BOB);

    // assess
    const body = (await response.json()) as { rag: { messageId: string } };
    expect(body.rag.messageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('rag eval --from-feedback writes the rated-down and unanswered questions, and rag eval asks them of the index again', async () => {
    // prepare: the CLI opens the data folder, so the server lets go of it first
    await t.stack.close();
    const file = path.join(t.dataDir, 'feedback.json');
    const env = { ...process.env, RAG_DATA_DIR: t.dataDir, RAG_SAMPLE: '0' };

    // act
    const exported = await exportFeedbackCommand(file, { json: true }, env);
    const dataset = JSON.parse(await readFile(file, 'utf8')) as { format: string; questions: { question: string; reason: string }[] };
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    const evaluated = await evalCommand(file, { json: true }, env).finally(() => {
      process.stdout.write = write;
    });
    const report = JSON.parse(printed.join('')) as { feedback: Record<string, number> };

    // assess
    expect(exported).toBe(0);
    expect(dataset.format).toBe('rag-feedback');
    expect(dataset.questions.map(({ question, reason }) => ({ question, reason }))).toEqual([
      { question: 'Who is the harbour master?', reason: 'thumbs_down' },
      { question: 'What does the ferry ticket cost for bicycles?', reason: 'not_found' },
    ]);
    expect(evaluated).toBe(0);
    // the harbour master's answer is found again; the bicycle fare is still not in the documents
    expect(report.feedback).toEqual({ questions: 2, answeredNow: 1, stillNotFound: 1, withGoldSource: 0, goldInTop3: 0, goldCited: 0 });
  }, 120_000);
});
