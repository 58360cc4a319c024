export { ChatView, type ChatViewProps } from './chat-view.js';
export { MessageList, type MessageListProps } from './message-list.js';
export { SourceDialog } from './source-dialog.js';
export { useChat, type Chat } from './use-chat.js';
export * from './conversation.js';
export { CONVERSATION_KEY, browserStorage, loadConversation, saveConversation } from './conversation-store.js';
export { handlingOf, type Handling } from './handling-hint.js';
