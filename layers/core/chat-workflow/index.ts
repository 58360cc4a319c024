export type { ChatResponse, ChatSource, ChatState, ChatTurnInput, ChatUsageTotals } from './chat-state.js';
export { ConversationRepository, isConversationId, type StoredTurn } from './conversation-repository.js';
export { improveStep, retrieveStep, answerStep, type ChatDependencies } from './chat-steps.js';
export { runChatTurn, runChatTurnState, initialChatState, MAX_MESSAGE_CHARS } from './run-chat-turn.js';
