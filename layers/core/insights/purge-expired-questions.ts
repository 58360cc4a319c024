import type { Database } from '../store/database.js';
import { daysBefore } from './message-window.js';

/**
 * Deletes what people asked, the answers and their ratings once they are older than the
 * retention, and conversations left empty. Returns how many messages went.
 */
export async function purgeExpiredQuestions(db: Database, retentionDays: number, now: Date = new Date()): Promise<number> {
  const cutoff = daysBefore(now, retentionDays).toISOString();
  return db.transaction(async (tx) => {
    const deleted = await tx.query<{ id: string }>('DELETE FROM conversation_messages WHERE created_at < $1::timestamptz RETURNING id', [cutoff]);
    await tx.query(
      `DELETE FROM conversations c WHERE c.updated_at < $1::timestamptz
       AND NOT EXISTS (SELECT 1 FROM conversation_messages m WHERE m.conversation_id = c.id)`,
      [cutoff],
    );
    return deleted.length;
  });
}
