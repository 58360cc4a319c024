import { z } from 'zod';
import { RagError } from '../errors.js';
import type { EvalDataset } from '../evaluation/eval-dataset.js';
import type { Database } from '../store/database.js';
import { daysBefore, questionOfReply } from './message-window.js';
import { normalizeQuestion } from './normalize-question.js';

/** The format name a feedback export carries, which `rag eval` recognises. */
export const FEEDBACK_DATASET_FORMAT = 'rag-feedback';

const feedbackQuestionSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  language: z.string().min(1),
  /** Why it is in the set: rated down, or answered "not found". */
  reason: z.enum(['thumbs_down', 'not_found']),
  /** The document that should answer it, when a rater named one. */
  goldSources: z.array(z.string()),
  answers: z.array(z.string()),
  /** The answer the user saw, and their comment. */
  previousAnswer: z.string().optional(),
  comment: z.string().optional(),
  askedAt: z.string(),
});

export const feedbackDatasetSchema = z.object({
  format: z.literal(FEEDBACK_DATASET_FORMAT),
  exportedAt: z.string(),
  questions: z.array(feedbackQuestionSchema),
});

export type FeedbackDataset = z.infer<typeof feedbackDatasetSchema>;
export type FeedbackQuestion = z.infer<typeof feedbackQuestionSchema>;

/**
 * The questions people rated down or that the documents did not answer, newest first, one per
 * normalised wording (a rated-down one wins over a not-found one): a dataset that `rag eval`
 * asks of the current index, so a team can see whether a change fixed them.
 */
export async function exportFeedbackDataset(db: Database, options: { days?: number; now?: Date } = {}): Promise<FeedbackDataset> {
  const now = options.now ?? new Date();
  const from = daysBefore(now, options.days ?? 90).toISOString();
  const rows = await db.query<{
    message_id: string;
    question: string | null;
    language: string | null;
    answer: string;
    rating: string | null;
    comment: string | null;
    gold_source: string | null;
    not_found: boolean | null;
    at: Date | string;
  }>(
    `SELECT m.message_id, m.language, m.content AS answer, f.rating, f.comment, f.gold_source, m.not_found, m.created_at AS at,
            ${questionOfReply('m')} AS question
     FROM conversation_messages m LEFT JOIN message_feedback f ON f.message_id = m.message_id
     WHERE m.role = 'assistant' AND m.message_id IS NOT NULL AND m.created_at >= $1::timestamptz
       AND (f.rating = 'down' OR (m.intent = 'question' AND m.not_found))
     ORDER BY (f.rating = 'down') DESC NULLS LAST, m.created_at DESC`,
    [from],
  );
  const seen = new Set<string>();
  const questions: FeedbackQuestion[] = [];
  for (const row of rows) {
    const key = normalizeQuestion(row.question ?? '');
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const question: FeedbackQuestion = {
      id: row.message_id,
      question: row.question!,
      language: row.language ?? 'en',
      reason: row.rating === 'down' ? 'thumbs_down' : 'not_found',
      goldSources: row.gold_source ? [row.gold_source] : [],
      answers: [],
      previousAnswer: row.answer,
      askedAt: new Date(row.at).toISOString(),
    };
    if (row.comment) question.comment = row.comment;
    questions.push(question);
  }
  return { format: FEEDBACK_DATASET_FORMAT, exportedAt: now.toISOString(), questions };
}

/** True when a JSON text is a feedback export rather than a SQuAD file. */
export function isFeedbackDataset(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { format?: unknown }).format === FEEDBACK_DATASET_FORMAT;
}

/** A feedback export as an evaluation dataset without documents: its questions are asked of the current index. */
export function feedbackEvalDataset(json: unknown, name: string): EvalDataset {
  const parsed = feedbackDatasetSchema.safeParse(json);
  if (!parsed.success) throw new RagError('invalid_dataset', `${name}: not a feedback export: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return {
    name,
    format: FEEDBACK_DATASET_FORMAT,
    documents: [],
    questions: parsed.data.questions.map(({ id, question, language, goldSources, answers }) => ({ id, question, language, goldSources, answers })),
  };
}
