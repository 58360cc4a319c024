import { randomUUID } from 'node:crypto';
import { ConversationRepository, type StoredTurn } from '#core/chat-workflow/conversation-repository.js';
import { computeInsights, purgeExpiredQuestions, recordFeedback } from '#core/insights/index.js';
import type { Database } from '#core/store/database.js';
import { openTestStore } from '../../../support/test-store.js';

const NOW = new Date('2026-12-07T12:00:00Z');
const daysAgo = (days: number, hour = 10) => new Date(Date.UTC(2026, 11, 7 - days, hour)).toISOString();

/** A stored turn dated `at`; returns the reply's message id. */
async function turnAt(db: Database, at: string, turn: Partial<StoredTurn> & { user: string }, conversationId = randomUUID()): Promise<string> {
  const messageId = await new ConversationRepository(db).appendTurn(conversationId, {
    assistant: `answer to ${turn.user}`,
    intent: 'question',
    language: 'en',
    citations: [],
    answerMode: 'extractive',
    usage: { embeddingTokens: 10, llmInputTokens: 0, llmOutputTokens: 0 },
    timingsMs: { improve: 1, retrieve: 10, answer: 5, total: 20 },
    ...turn,
  });
  await db.query('UPDATE conversation_messages SET created_at = $2::timestamptz WHERE conversation_id = $1', [conversationId, at]);
  await db.query('UPDATE conversations SET updated_at = $2::timestamptz WHERE id = $1', [conversationId, at]);
  return messageId;
}

describe('computeInsights', () => {
  let t: Awaited<ReturnType<typeof openTestStore>>;
  beforeEach(async () => {
    t = await openTestStore();
  });
  afterEach(async () => {
    await t.close();
  });

  test('reports questions, not-found, ratings, tokens, ingest and step latency of the window exactly', async () => {
    // prepare: five turns in the window, one outside it
    const piano = await turnAt(t.db, daysAgo(0), {
      user: 'Who invented the piano?',
      notFound: true,
      timingsMs: { improve: 2, retrieve: 20, answer: 10, total: 40 },
    });
    await turnAt(t.db, daysAgo(1), { user: 'who invented the  PIANO', notFound: true, language: 'en' });
    await turnAt(t.db, daysAgo(1), { user: '¿Quién escribió el manual?', language: 'es', notFound: true });
    const violin = await turnAt(t.db, daysAgo(2), { user: 'How many strings does a violin have?' });
    await turnAt(t.db, daysAgo(2), {
      user: 'hello',
      intent: 'greeting',
      answerMode: 'direct',
      usage: { embeddingTokens: 0, llmInputTokens: 0, llmOutputTokens: 0 },
    });
    await turnAt(t.db, daysAgo(40), { user: 'An old question?', notFound: true });
    await recordFeedback(t.db, 'anonymous', { messageId: violin, rating: 'down', comment: 'It says four; my viola has five' });
    await recordFeedback(t.db, 'anonymous', { messageId: piano, rating: 'up' });
    const job = randomUUID();
    await t.db.query(`INSERT INTO jobs (id, status, origin, total) VALUES ($1, 'partially_failed', 'api', 3)`, [job]);
    await t.db.query(
      `INSERT INTO job_documents (job_id, source, status, chunks, error_code, updated_at) VALUES
         ($1, 'a.pdf', 'indexed', 7, NULL, $2::timestamptz), ($1, 'b.docx', 'failed', 0, 'corrupt_document', $2::timestamptz),
         ($1, 'c.xlsx', 'failed', 0, 'encrypted_document', $2::timestamptz), ($1, 'old.md', 'indexed', 4, NULL, $3::timestamptz)`,
      [job, daysAgo(1), daysAgo(50)],
    );

    // act
    const insights = await computeInsights(t.db, { days: 30, embeddingModel: 'openai:text-embedding-3-large@3072', now: NOW });

    // assess
    expect(insights.questions.total).toBe(4);
    expect(insights.questions.intents).toEqual({ question: 4, greeting: 1 });
    expect(insights.questions.languages).toEqual({ en: 4, es: 1 });
    expect(insights.questions.perDay).toHaveLength(31);
    expect(insights.questions.perDay.slice(-3)).toEqual([
      { day: '2026-12-05', turns: 2, questions: 1 },
      { day: '2026-12-06', turns: 2, questions: 2 },
      { day: '2026-12-07', turns: 1, questions: 1 },
    ]);
    expect(insights.notFound).toMatchObject({ count: 3, rate: 0.75 });
    expect(insights.notFound.top.map(({ question, count }) => ({ question, count }))).toEqual([
      { question: 'Who invented the piano?', count: 2 },
      { question: '¿Quién escribió el manual?', count: 1 },
    ]);
    expect(insights.ratings).toMatchObject({ up: 1, down: 1 });
    expect(insights.ratings.thumbsDown).toEqual([
      expect.objectContaining({
        messageId: violin,
        question: 'How many strings does a violin have?',
        answer: 'answer to How many strings does a violin have?',
        comment: 'It says four; my viola has five',
        user: 'anonymous',
      }),
    ]);
    expect(insights.tokens).toMatchObject({ embedding: 40, llmInput: 0, llmOutput: 0, estimatedCostUsd: 0.0000052 });
    expect(insights.ingest).toEqual({ documentsIndexed: 1, chunksIndexed: 7, failures: 2, failuresByReason: { corrupt_document: 1, encrypted_document: 1 } });
    expect(insights.latencyMs.retrieve).toEqual({ p50: 10, p95: 18.5 });
    expect(insights.latencyMs.total.p50).toBe(20);
  });

  test('an unpriced model gives no cost estimate rather than a wrong one', async () => {
    // prepare
    await turnAt(t.db, daysAgo(0), { user: 'What is the refund policy?' });

    // act
    const insights = await computeInsights(t.db, { days: 7, embeddingModel: 'openai:unknown-embedder@8', now: NOW });

    // assess
    expect(insights.tokens.estimatedCostUsd).toBeNull();
  });

  test('an empty history reports zeros, not errors', async () => {
    // act
    const insights = await computeInsights(t.db, { days: 1, embeddingModel: 'local:hashing-v1@256', now: NOW });

    // assess
    expect(insights.questions.total).toBe(0);
    expect(insights.notFound).toEqual({ count: 0, rate: 0, top: [] });
    expect(insights.tokens.estimatedCostUsd).toBe(0);
    expect(insights.latencyMs.total).toEqual({ p50: 0, p95: 0 });
  });
});

describe('purgeExpiredQuestions', () => {
  test('deletes questions, answers and ratings older than the retention, and keeps the rest', async () => {
    // prepare
    const t = await openTestStore();
    try {
      const old = await turnAt(t.db, daysAgo(100), { user: 'An old question?' });
      await recordFeedback(t.db, 'anonymous', { messageId: old, rating: 'down' });
      await turnAt(t.db, daysAgo(10), { user: 'A recent question?' });

      // act
      const purged = await purgeExpiredQuestions(t.db, 90, NOW);

      // assess
      expect(purged).toBe(2);
      const left = await t.db.query<{ content: string }>(`SELECT content FROM conversation_messages WHERE role = 'user'`);
      expect(left.map((row) => row.content)).toEqual(['A recent question?']);
      expect(await t.db.query('SELECT 1 FROM message_feedback')).toHaveLength(0);
      expect(await t.db.query('SELECT 1 FROM conversations')).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
