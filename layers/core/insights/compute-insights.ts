import type { Insights } from '../contract/insights-contract.js';
import type { Database } from '../store/database.js';
import { MODEL_PRICES_AS_OF, tokenPriceOf } from './model-token-prices.js';
import { ONE_DAY_MS, daysBefore, questionOfReply } from './message-window.js';
import { normalizeQuestion } from './normalize-question.js';

export interface InsightsOptions {
  /** The window: the last `days` days up to `now`. */
  days: number;
  /** The configured models' provider ids, which price the tokens. */
  embeddingModel: string;
  chatModel?: string;
  /** How many unanswered questions and thumbs-down to list. @default 20 */
  listLimit?: number;
  /** @default new Date() */
  now?: Date;
}

const STEPS = ['improve', 'retrieve', 'answer', 'total'] as const;

/**
 * What people asked, what the documents did not answer, how answers were rated, what it cost
 * and how fast it was, over the last `days` days: the figures behind `GET /api/insights`.
 * Everything is computed from the stored conversations, ratings and ingestion jobs.
 */
export async function computeInsights(db: Database, options: InsightsOptions): Promise<Insights> {
  const now = options.now ?? new Date();
  const from = daysBefore(now, options.days);
  const limit = options.listLimit ?? 20;
  const window = [from.toISOString(), now.toISOString()];
  // Ratings count in the window of the answer they rate.
  const inWindow = `m.role = 'assistant' AND m.created_at >= $1::timestamptz AND m.created_at <= $2::timestamptz`;

  const [perDayRows, intentRows, languageRows, unanswered, ratingRows, thumbsDown, tokenRows, ingestRows, failureRows, latencyRows] = await Promise.all([
    db.query<{ day: string; turns: number; questions: number }>(
      `SELECT to_char(date_trunc('day', m.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
              count(*)::int AS turns, count(*) FILTER (WHERE m.intent = 'question')::int AS questions
       FROM conversation_messages m WHERE ${inWindow} GROUP BY 1 ORDER BY 1`,
      window,
    ),
    db.query<{ key: string; n: number }>(
      `SELECT coalesce(m.intent, 'unknown') AS key, count(*)::int AS n FROM conversation_messages m WHERE ${inWindow} GROUP BY 1`,
      window,
    ),
    db.query<{ key: string; n: number }>(
      `SELECT coalesce(m.language, 'unknown') AS key, count(*)::int AS n FROM conversation_messages m WHERE ${inWindow} GROUP BY 1`,
      window,
    ),
    db.query<{ question: string; at: Date | string }>(
      `SELECT ${questionOfReply('m')} AS question, m.created_at AS at
       FROM conversation_messages m WHERE ${inWindow} AND m.intent = 'question' AND m.not_found ORDER BY m.created_at DESC, m.id DESC LIMIT 10000`,
      window,
    ),
    db.query<{ rating: string; n: number }>(
      `SELECT f.rating, count(*)::int AS n FROM message_feedback f JOIN conversation_messages m ON m.message_id = f.message_id WHERE ${inWindow} GROUP BY 1`,
      window,
    ),
    db.query<{ message_id: string; question: string; answer: string; comment: string | null; gold_source: string | null; user_id: string; at: Date | string }>(
      `SELECT f.message_id, ${questionOfReply('m')} AS question, m.content AS answer, f.comment, f.gold_source, f.user_id, f.updated_at AS at
       FROM message_feedback f JOIN conversation_messages m ON m.message_id = f.message_id
       WHERE f.rating = 'down' AND ${inWindow}
       ORDER BY m.created_at DESC LIMIT ${Number(limit)}`,
      window,
    ),
    db.query<{ embedding: number; llm_input: number; llm_output: number }>(
      `SELECT coalesce(sum((m.usage->>'embeddingTokens')::bigint), 0)::int AS embedding,
              coalesce(sum((m.usage->>'llmInputTokens')::bigint), 0)::int AS llm_input,
              coalesce(sum((m.usage->>'llmOutputTokens')::bigint), 0)::int AS llm_output
       FROM conversation_messages m WHERE ${inWindow}`,
      window,
    ),
    db.query<{ documents: number; chunks: number; failures: number }>(
      `SELECT count(*) FILTER (WHERE d.status = 'indexed')::int AS documents,
              coalesce(sum(d.chunks) FILTER (WHERE d.status = 'indexed'), 0)::int AS chunks,
              count(*) FILTER (WHERE d.status = 'failed')::int AS failures
       FROM job_documents d WHERE d.updated_at >= $1::timestamptz AND d.updated_at <= $2::timestamptz`,
      window,
    ),
    db.query<{ key: string; n: number }>(
      `SELECT coalesce(d.error_code, 'unknown') AS key, count(*)::int AS n FROM job_documents d
       WHERE d.status = 'failed' AND d.updated_at >= $1::timestamptz AND d.updated_at <= $2::timestamptz GROUP BY 1`,
      window,
    ),
    db.query<Record<string, number | null>>(
      `SELECT ${STEPS.map(
        (step) =>
          `percentile_cont(0.5) WITHIN GROUP (ORDER BY (m.timings->>'${step}')::float8) AS ${step}_p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY (m.timings->>'${step}')::float8) AS ${step}_p95`,
      ).join(', ')}
       FROM conversation_messages m WHERE ${inWindow} AND m.intent = 'question' AND m.timings IS NOT NULL`,
      window,
    ),
  ]);

  const counts = (rows: { key: string; n: number }[]) => Object.fromEntries(rows.map((row) => [row.key, row.n]));
  const intents = counts(intentRows);
  const questionCount = intents.question ?? 0;
  const tokens = tokenRows[0] ?? { embedding: 0, llm_input: 0, llm_output: 0 };
  const ingest = ingestRows[0] ?? { documents: 0, chunks: 0, failures: 0 };
  const latency = latencyRows[0] ?? {};
  const ratings = counts(ratingRows.map((row) => ({ key: row.rating, n: row.n })));

  return {
    window: { days: options.days, from: from.toISOString(), to: now.toISOString() },
    questions: {
      total: questionCount,
      perDay: everyDay(from, now, perDayRows),
      intents,
      languages: counts(languageRows),
    },
    notFound: {
      count: unanswered.length,
      rate: questionCount === 0 ? 0 : round(unanswered.length / questionCount, 4),
      top: mostFrequent(unanswered, limit),
    },
    ratings: {
      up: ratings.up ?? 0,
      down: ratings.down ?? 0,
      thumbsDown: thumbsDown.map((row) => ({
        messageId: row.message_id,
        question: row.question,
        answer: row.answer,
        ...(row.comment !== null ? { comment: row.comment } : {}),
        ...(row.gold_source !== null ? { goldSource: row.gold_source } : {}),
        user: row.user_id,
        at: new Date(row.at).toISOString(),
      })),
    },
    tokens: {
      embedding: tokens.embedding,
      llmInput: tokens.llm_input,
      llmOutput: tokens.llm_output,
      estimatedCostUsd: estimateCost(tokens, options.embeddingModel, options.chatModel),
      models: { embedding: options.embeddingModel, chat: options.chatModel ?? null },
      pricesAsOf: MODEL_PRICES_AS_OF,
    },
    ingest: {
      documentsIndexed: ingest.documents,
      chunksIndexed: ingest.chunks,
      failures: ingest.failures,
      failuresByReason: counts(failureRows),
    },
    latencyMs: Object.fromEntries(
      STEPS.map((step) => [step, { p50: round(latency[`${step}_p50`] ?? 0, 1), p95: round(latency[`${step}_p95`] ?? 0, 1) }]),
    ) as Insights['latencyMs'],
  };
}

function mostFrequent(rows: { question: string; at: Date | string }[], limit: number): Insights['notFound']['top'] {
  // Rows come newest first, so the first text seen for a group is its latest wording.
  const groups = new Map<string, { question: string; count: number; lastAsked: string }>();
  for (const row of rows) {
    const key = normalizeQuestion(row.question ?? '');
    if (!key) continue;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { question: row.question, count: 1, lastAsked: new Date(row.at).toISOString() });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.lastAsked.localeCompare(a.lastAsked)).slice(0, limit);
}

/** One entry per UTC day of the window, zero where nothing was asked, so a chart has no gaps. */
function everyDay(from: Date, to: Date, rows: { day: string; turns: number; questions: number }[]): Insights['questions']['perDay'] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const days: Insights['questions']['perDay'] = [];
  for (let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); t <= to.getTime(); t += ONE_DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const row = byDay.get(day);
    days.push({ day, turns: row?.turns ?? 0, questions: row?.questions ?? 0 });
  }
  return days;
}

function estimateCost(tokens: { embedding: number; llm_input: number; llm_output: number }, embeddingModel: string, chatModel?: string): number | null {
  const embedding = tokenPriceOf(embeddingModel);
  const chat = chatModel ? tokenPriceOf(chatModel) : { input: 0, output: 0 };
  if (!embedding || !chat) return null;
  return round((tokens.embedding * embedding.input + tokens.llm_input * chat.input + tokens.llm_output * chat.output) / 1_000_000, 8);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
