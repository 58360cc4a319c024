import type { AssistantMessage, ChatMessage, Conversation } from './conversation.js';
import { EMPTY_CONVERSATION } from './conversation.js';

export const CONVERSATION_KEY = 'rag-docbot.conversation.v1';
/** Enough history to scroll back through, small enough for localStorage. */
export const MAX_STORED_MESSAGES = 200;

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function isMessage(value: unknown): value is ChatMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Partial<Omit<AssistantMessage, 'role'>> & { role?: unknown };
  if (typeof message.id !== 'string' || typeof message.text !== 'string') return false;
  if (message.role === 'user') return true;
  return message.role === 'assistant' && typeof message.question === 'string' && Array.isArray(message.citations) && typeof message.status === 'string';
}

/** The conversation saved by an earlier visit; an answer that was still arriving when the page closed shows as stopped. */
export function loadConversation(storage: StorageLike | undefined): Conversation {
  try {
    const raw = storage?.getItem(CONVERSATION_KEY);
    if (!raw) return EMPTY_CONVERSATION;
    const parsed = JSON.parse(raw) as { conversationId?: unknown; messages?: unknown };
    if (!Array.isArray(parsed.messages)) return EMPTY_CONVERSATION;
    const messages = parsed.messages
      .filter(isMessage)
      .map((message) =>
        message.role === 'assistant' && (message.status === 'pending' || message.status === 'streaming') ? { ...message, status: 'stopped' as const } : message,
      );
    const conversation: Conversation = { messages };
    if (typeof parsed.conversationId === 'string') conversation.conversationId = parsed.conversationId;
    return conversation;
  } catch {
    return EMPTY_CONVERSATION;
  }
}

export function saveConversation(storage: StorageLike | undefined, conversation: Conversation): void {
  try {
    if (conversation.messages.length === 0 && !conversation.conversationId) {
      storage?.removeItem(CONVERSATION_KEY);
      return;
    }
    const messages = conversation.messages.slice(-MAX_STORED_MESSAGES);
    storage?.setItem(CONVERSATION_KEY, JSON.stringify({ conversationId: conversation.conversationId, messages }));
  } catch {
    // Full or disabled storage: the conversation lasts for this page only.
  }
}

/** localStorage where the browser allows it. */
export function browserStorage(kind: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return globalThis[kind];
  } catch {
    return undefined;
  }
}
