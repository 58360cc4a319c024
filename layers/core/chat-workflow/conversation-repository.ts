import { randomUUID } from 'node:crypto';
import { RagError } from '../errors.js';
import { isUuid } from '../store/stable-id.js';
import type { HistoryTurn } from '../chat/rewrite-query.js';
import type { Database } from '../store/database.js';

export function isConversationId(value: string): boolean {
  return isUuid(value);
}

/** The owner of conversations asked without an identity (the local stack with no users configured). */
export const ANONYMOUS_USER = 'anonymous';

export interface StoredTurn {
  /** The conversation's owner. @default 'anonymous' */
  userId?: string;
  user: string;
  assistant: string;
  intent: string;
  language: string;
  citations: { title: string; source: string; n: number }[];
  /** What the insights report on: whether the documents answered, how, at what token cost and speed. */
  notFound?: boolean;
  answerMode?: string;
  usage?: { embeddingTokens: number; llmInputTokens: number; llmOutputTokens: number };
  timingsMs?: { improve: number; retrieve: number; answer: number; total: number };
}

/** Conversation history in Postgres; each conversation belongs to one user, and only they read or extend it. */
export class ConversationRepository {
  constructor(private readonly db: Database) {}

  /** Who owns a conversation, or undefined when there is none with this id. */
  async owner(conversationId: string): Promise<string | undefined> {
    if (!isConversationId(conversationId)) return undefined;
    const rows = await this.db.query<{ user_id: string }>('SELECT user_id FROM conversations WHERE id = $1', [conversationId]);
    return rows[0]?.user_id;
  }

  /** The last `limit` messages of a conversation of `userId`, oldest first; none for another user's. */
  async history(conversationId: string, limit = 10, userId: string = ANONYMOUS_USER): Promise<HistoryTurn[]> {
    if (!isConversationId(conversationId)) return [];
    const rows = await this.db.query<{ role: 'user' | 'assistant'; content: string; citations: { title: string }[] }>(
      `SELECT role, content, citations FROM (
         SELECT m.id, m.role, m.content, m.citations FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.conversation_id = $1 AND c.user_id = $3 ORDER BY m.id DESC LIMIT $2
       ) recent ORDER BY id`,
      [conversationId, limit, userId],
    );
    return rows.map((row) => {
      const turn: HistoryTurn = { role: row.role, content: row.content };
      if (row.role === 'assistant' && row.citations?.length) turn.citations = row.citations.map((c) => ({ title: c.title }));
      return turn;
    });
  }

  /**
   * Appends a user message and the reply to it, creating the conversation on first use, and
   * returns the reply's message id (what feedback refers to). Another user's conversation is
   * refused as not found, as if it did not exist.
   */
  async appendTurn(conversationId: string, turn: StoredTurn): Promise<string> {
    const userId = turn.userId ?? ANONYMOUS_USER;
    const messageId = randomUUID();
    await this.db.transaction(async (tx) => {
      const owned = await tx.query(
        `INSERT INTO conversations (id, user_id) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET updated_at = now() WHERE conversations.user_id = EXCLUDED.user_id
         RETURNING id`,
        [conversationId, userId],
      );
      if (owned.length === 0) throw new RagError('not_found', `No conversation ${conversationId}`);
      await tx.query(`INSERT INTO conversation_messages (conversation_id, role, content, intent, language) VALUES ($1, 'user', $2, $3, $4)`, [
        conversationId,
        turn.user,
        turn.intent,
        turn.language,
      ]);
      await tx.query(
        `INSERT INTO conversation_messages (conversation_id, role, content, intent, language, citations, message_id, not_found, answer_mode, usage, timings)
         VALUES ($1, 'assistant', $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9::text::jsonb, $10::text::jsonb)`,
        [
          conversationId,
          turn.assistant,
          turn.intent,
          turn.language,
          JSON.stringify(turn.citations),
          messageId,
          turn.notFound ?? false,
          turn.answerMode ?? null,
          turn.usage ? JSON.stringify(turn.usage) : null,
          turn.timingsMs ? JSON.stringify(turn.timingsMs) : null,
        ],
      );
    });
    return messageId;
  }
}
