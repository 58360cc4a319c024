import type { FeedbackRequest, FeedbackResponseBody } from '../contract/feedback-contract.js';
import { RagError } from '../errors.js';
import type { Database } from '../store/database.js';

/**
 * Stores a rating of an assistant message of the rater's own conversations. A repeat rating
 * replaces the earlier one; a message that does not exist, or belongs to another user's
 * conversation, is not found.
 */
export async function recordFeedback(db: Database, userId: string, feedback: FeedbackRequest): Promise<FeedbackResponseBody> {
  return db.transaction(async (tx) => {
    const owned = await tx.query<{ message_id: string }>(
      `SELECT m.message_id FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.message_id = $1 AND m.role = 'assistant' AND c.user_id = $2`,
      [feedback.messageId, userId],
    );
    if (owned.length === 0) throw new RagError('not_found', `No answer ${feedback.messageId}`);
    const rows = await tx.query<{ rating: 'up' | 'down'; comment: string | null; gold_source: string | null; updated_at: Date | string; replaced: boolean }>(
      `INSERT INTO message_feedback (message_id, user_id, rating, comment, gold_source) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (message_id) DO UPDATE
         SET rating = EXCLUDED.rating, comment = EXCLUDED.comment, gold_source = EXCLUDED.gold_source, user_id = EXCLUDED.user_id, updated_at = clock_timestamp()
       RETURNING rating, comment, gold_source, updated_at, (xmax <> 0) AS replaced`,
      [feedback.messageId, userId, feedback.rating, feedback.comment ?? null, feedback.goldSource ?? null],
    );
    const row = rows[0]!;
    const body: FeedbackResponseBody = {
      messageId: feedback.messageId,
      rating: row.rating,
      replaced: row.replaced,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
    if (row.comment !== null) body.comment = row.comment;
    if (row.gold_source !== null) body.goldSource = row.gold_source;
    return body;
  });
}
