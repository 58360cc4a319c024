import { z } from 'zod';

/** The longest window `GET /api/insights` reports on. */
export const MAX_INSIGHTS_DAYS = 365;

/** `GET /api/insights?days=30`. */
export const insightsQuerySchema = z.strictObject({
  days: z.coerce.number().int().min(1).max(MAX_INSIGHTS_DAYS).default(30),
});

const percentilesSchema = z.object({ p50: z.number(), p95: z.number() });

export const insightsResponseSchema = z.object({
  /** The window: the last `days` days, up to `to`. */
  window: z.object({ days: z.number().int(), from: z.string(), to: z.string() }),
  questions: z.object({
    total: z.number().int(),
    /** Turns per UTC day (every intent), oldest first; days without turns are listed with 0. */
    perDay: z.array(z.object({ day: z.string(), turns: z.number().int(), questions: z.number().int() })),
    intents: z.record(z.string(), z.number().int()),
    languages: z.record(z.string(), z.number().int()),
  }),
  notFound: z.object({
    count: z.number().int(),
    /** Share of real questions (intent "question") answered "not found", 0..1. */
    rate: z.number(),
    /** The most frequent unanswered questions, grouped by their normalised text. */
    top: z.array(z.object({ question: z.string(), count: z.number().int(), lastAsked: z.string() })),
  }),
  ratings: z.object({
    up: z.number().int(),
    down: z.number().int(),
    thumbsDown: z.array(
      z.object({
        messageId: z.string(),
        question: z.string(),
        answer: z.string(),
        comment: z.string().optional(),
        goldSource: z.string().optional(),
        user: z.string(),
        at: z.string(),
      }),
    ),
  }),
  tokens: z.object({
    embedding: z.number().int(),
    llmInput: z.number().int(),
    llmOutput: z.number().int(),
    /** Under the configured models' list prices; null when a model has no known price. */
    estimatedCostUsd: z.number().nullable(),
    models: z.object({ embedding: z.string(), chat: z.string().nullable() }),
    pricesAsOf: z.string(),
  }),
  ingest: z.object({
    documentsIndexed: z.number().int(),
    chunksIndexed: z.number().int(),
    failures: z.number().int(),
    failuresByReason: z.record(z.string(), z.number().int()),
  }),
  /** Milliseconds per chat step, over answered turns. */
  latencyMs: z.object({ improve: percentilesSchema, retrieve: percentilesSchema, answer: percentilesSchema, total: percentilesSchema }),
});

export type InsightsQuery = z.infer<typeof insightsQuerySchema>;
export type Insights = z.infer<typeof insightsResponseSchema>;
