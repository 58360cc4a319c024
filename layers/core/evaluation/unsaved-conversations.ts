import { randomUUID } from 'node:crypto';
import type { HistoryTurn } from '../chat/rewrite-query.js';
import { ConversationRepository, type StoredTurn } from '../chat-workflow/conversation-repository.js';

/**
 * Conversations that keep nothing: an evaluation asked of a team's own index must not add its
 * questions to their history and insights.
 */
export class UnsavedConversations extends ConversationRepository {
  override async owner(): Promise<string | undefined> {
    return undefined;
  }

  override async history(): Promise<HistoryTurn[]> {
    return [];
  }

  override async appendTurn(_conversationId: string, _turn: StoredTurn): Promise<string> {
    return randomUUID();
  }
}
