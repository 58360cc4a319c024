import { randomUUID } from 'node:crypto';
import { MAX_HISTORY_MESSAGES, MAX_MESSAGE_CHARS } from '../contract/limits.js';
import { RagError } from '../errors.js';
import type { ChatResponse, ChatState, ChatTurnInput } from './chat-state.js';
import { type ChatDependencies, answerStep, improveStep, retrieveStep } from './chat-steps.js';
import { isConversationId } from './conversation-repository.js';

export { MAX_HISTORY_MESSAGES, MAX_MESSAGE_CHARS };

/** Validates a chat request and builds the workflow's initial state. */
export function initialChatState(input: ChatTurnInput): ChatState {
  const message = typeof input.message === 'string' ? input.message.trim() : '';
  if (!message) throw new RagError('invalid_request', 'message must be a non-empty string');
  if (message.length > MAX_MESSAGE_CHARS) throw new RagError('message_too_long', `The message is over ${MAX_MESSAGE_CHARS} characters; shorten it.`);
  if (input.conversationId !== undefined && !isConversationId(input.conversationId)) {
    throw new RagError('invalid_request', 'conversationId must be a UUID returned by an earlier answer');
  }
  const state: ChatState = { message, conversationId: input.conversationId ?? randomUUID(), startedAt: Date.now() };
  if (input.userId !== undefined) state.userId = input.userId;
  if (input.scope !== undefined) state.scope = input.scope;
  if (input.history) {
    if (input.history.length > MAX_HISTORY_MESSAGES)
      throw new RagError('history_too_long', `The conversation has more than ${MAX_HISTORY_MESSAGES} earlier messages; start a new one or send fewer.`);
    state.history = input.history
      .filter((turn) => (turn.role === 'user' || turn.role === 'assistant') && typeof turn.content === 'string')
      .map((turn) => ({ role: turn.role, content: turn.content.slice(0, MAX_MESSAGE_CHARS) }));
  }
  return state;
}

/**
 * One chat turn in-process, with the same semantics as the Step Functions definition:
 * improve → (question? retrieve → answer : direct reply).
 */
export async function runChatTurn(input: ChatTurnInput, deps: ChatDependencies): Promise<ChatResponse> {
  return (await runChatTurnState(input, deps)).response!;
}

/** {@link runChatTurn}, returning the final workflow state: the response and what each step saw (evaluation reads the retrieved chunks). */
export async function runChatTurnState(input: ChatTurnInput, deps: ChatDependencies): Promise<ChatState & { response: ChatResponse }> {
  let state = await improveStep(initialChatState(input), deps);
  if (!state.response) {
    state = await retrieveStep(state, deps);
    state = await answerStep(state, deps);
  }
  return state as ChatState & { response: ChatResponse };
}
