import { useMemo, useRef } from 'react';
import { ApiClient } from '../../src/api/api-client.js';
import { ChatView } from '../../src/chat/chat-view.js';
import { type Chat, useChat } from '../../src/chat/use-chat.js';
import type { ChatMessage } from '../../src/chat/conversation.js';
import { t } from './render-with-i18n.js';

/** The chat view wired to a real API client against `baseUrl` (a scripted server), as the app wires it. */
export function ChatViewHarness({ baseUrl }: { baseUrl: string }) {
  const api = useMemo(() => new ApiClient({ baseUrl, authorization: async () => undefined }), [baseUrl]);
  const chat = useChat(api);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  return <ChatView chat={chat} inputRef={inputRef} t={t} />;
}

/** A settled chat showing `messages`, whose actions do nothing: for rendering tests. */
export function chatWith(messages: ChatMessage[]): Chat {
  return {
    conversation: { conversationId: 'c1', messages },
    busy: false,
    send: () => {},
    stop: () => {},
    retry: () => {},
    reset: () => {},
    rate: async () => {},
  };
}
