import type { AnswerMode, ChatResponse, Citation, Intent, Rating, Source } from '../api/api-types.js';

export interface UserMessage {
  id: string;
  role: 'user';
  text: string;
}

export type AssistantStatus = 'pending' | 'streaming' | 'done' | 'stopped' | 'error';

export interface MessageError {
  status: number;
  code: string;
  message: string;
}

export interface AssistantMessage {
  id: string;
  role: 'assistant';
  /** The question this answers, kept for retry. */
  question: string;
  text: string;
  status: AssistantStatus;
  citations: Citation[];
  intent?: Intent;
  answerMode?: AnswerMode;
  notFound?: boolean;
  /** Passages the answer weighed, shown as "closest passages" when it found nothing. */
  sources?: Source[];
  language?: string;
  error?: MessageError;
  /** The server's id of this answer, which feedback refers to; absent in conversations saved before it was sent. */
  messageId?: string;
  /** The rating the server accepted for this answer. */
  rating?: Rating;
}

export type ChatMessage = UserMessage | AssistantMessage;

export interface Conversation {
  conversationId?: string;
  messages: ChatMessage[];
}

export type ConversationAction =
  | { type: 'ask'; question: string; userId: string; assistantId: string }
  | { type: 'delta'; id: string; text: string }
  | { type: 'answer'; id: string; response: ChatResponse }
  | { type: 'fail'; id: string; error: MessageError }
  | { type: 'stop'; id: string }
  | { type: 'retry'; id: string }
  | { type: 'rated'; id: string; messageId: string; rating: Rating }
  | { type: 'reset' };

export const EMPTY_CONVERSATION: Conversation = { messages: [] };

export function isBusy(conversation: Conversation): boolean {
  return conversation.messages.some((message) => message.role === 'assistant' && (message.status === 'pending' || message.status === 'streaming'));
}

function updateAssistant(conversation: Conversation, id: string, update: (message: AssistantMessage) => AssistantMessage): Conversation {
  let changed = false;
  const messages = conversation.messages.map((message) => {
    if (message.id !== id || message.role !== 'assistant') return message;
    changed = true;
    return update(message);
  });
  return changed ? { ...conversation, messages } : conversation;
}

/** The conversation as a pure state machine: every change the chat view makes goes through here. */
export function conversationReducer(conversation: Conversation, action: ConversationAction): Conversation {
  switch (action.type) {
    case 'ask':
      return {
        ...conversation,
        messages: [
          ...conversation.messages,
          { id: action.userId, role: 'user', text: action.question },
          { id: action.assistantId, role: 'assistant', question: action.question, text: '', status: 'pending', citations: [] },
        ],
      };
    case 'delta':
      return updateAssistant(conversation, action.id, (message) =>
        message.status === 'pending' || message.status === 'streaming' ? { ...message, status: 'streaming', text: message.text + action.text } : message,
      );
    case 'answer': {
      const { response } = action;
      const next = updateAssistant(conversation, action.id, (message) => {
        const answered: AssistantMessage = {
          ...message,
          status: 'done',
          text: response.answer,
          citations: response.citations ?? [],
          intent: response.intent,
          language: response.language,
        };
        if (response.answerMode) answered.answerMode = response.answerMode;
        if (response.messageId) answered.messageId = response.messageId;
        else delete answered.messageId;
        delete answered.rating;
        if (response.notFound) answered.notFound = true;
        if (response.sources && response.sources.length > 0) answered.sources = response.sources;
        else delete answered.sources;
        delete answered.error;
        return answered;
      });
      return { ...next, conversationId: response.conversationId || conversation.conversationId };
    }
    case 'fail':
      return updateAssistant(conversation, action.id, (message) => ({ ...message, status: 'error', error: action.error }));
    case 'stop':
      return updateAssistant(conversation, action.id, (message) =>
        message.status === 'pending' || message.status === 'streaming' ? { ...message, status: 'stopped' } : message,
      );
    case 'retry':
      return updateAssistant(conversation, action.id, (message) => {
        const retried: AssistantMessage = { ...message, status: 'pending', text: '', citations: [] };
        delete retried.error;
        // A new answer gets a new id; the old one's rating does not carry over.
        delete retried.messageId;
        delete retried.rating;
        return retried;
      });
    case 'rated':
      // Only while the rated answer is still the one shown: a retry in between made a new answer.
      return updateAssistant(conversation, action.id, (message) => (message.messageId === action.messageId ? { ...message, rating: action.rating } : message));
    case 'reset':
      return EMPTY_CONVERSATION;
  }
}
