import { isUuid } from '../store/stable-id.js';
import type { HistoryTurn } from '../chat/rewrite-query.js';
import type { Database } from '../store/database.js';

export function isConversationId(value: string): boolean {
  return isUuid(value);
}

export interface StoredTurn {
  user: string;
  assistant: string;
  intent: string;
  language: string;
  citations: { title: string; source: string; n: number }[];
}

/** Conversation history in Postgres. */
export class ConversationRepository {
  constructor(private readonly db: Database) {}

  /** The last `limit` messages, oldest first. */
  async history(conversationId: string, limit = 10): Promise<HistoryTurn[]> {
    if (!isConversationId(conversationId)) return [];
    const rows = await this.db.query<{ role: 'user' | 'assistant'; content: string; citations: { title: string }[] }>(
      `SELECT role, content, citations FROM (
         SELECT id, role, content, citations FROM conversation_messages WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2
       ) recent ORDER BY id`,
      [conversationId, limit],
    );
    return rows.map((row) => {
      const turn: HistoryTurn = { role: row.role, content: row.content };
      if (row.role === 'assistant' && row.citations?.length) turn.citations = row.citations.map((c) => ({ title: c.title }));
      return turn;
    });
  }

  /** Appends a user message and the reply to it, creating the conversation on first use. */
  async appendTurn(conversationId: string, turn: StoredTurn): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO conversations (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET updated_at = now()',
        [conversationId],
      );
      await tx.query(
        `INSERT INTO conversation_messages (conversation_id, role, content, intent, language) VALUES ($1, 'user', $2, $3, $4)`,
        [conversationId, turn.user, turn.intent, turn.language],
      );
      await tx.query(
        `INSERT INTO conversation_messages (conversation_id, role, content, intent, language, citations) VALUES ($1, 'assistant', $2, $3, $4, $5::text::jsonb)`,
        [conversationId, turn.assistant, turn.intent, turn.language, JSON.stringify(turn.citations)],
      );
    });
  }
}
