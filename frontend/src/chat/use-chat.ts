import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ApiClient } from '../api/api-client.js';
import { ApiError, isAbortError } from '../api/api-error.js';
import type { ChatRequest, Rating } from '../api/api-types.js';
import { type Conversation, type MessageError, conversationReducer, isBusy } from './conversation.js';
import { browserStorage, loadConversation, saveConversation } from './conversation-store.js';

export interface Chat {
  conversation: Conversation;
  busy: boolean;
  send(question: string): void;
  stop(): void;
  retry(assistantId: string): void;
  reset(): void;
  /** Rates an answer; rejects with the server's error so the caller can show it where the rating was asked. */
  rate(assistantId: string, rating: Rating, comment?: string): Promise<void>;
}

let counter = 0;
const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

function toMessageError(error: unknown): MessageError {
  if (error instanceof ApiError) return { status: error.status, code: error.code, message: error.message };
  return { status: 0, code: 'unexpected', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The chat: sends turns, streams answers in, stops, retries, and keeps the conversation across
 * reloads. `collections` narrows each question to those collections (all the user's when absent).
 */
export function useChat(api: ApiClient, storage: Storage | undefined = browserStorage('localStorage'), collections?: readonly string[]): Chat {
  const [conversation, dispatch] = useReducer(conversationReducer, storage, loadConversation);
  const current = useRef(conversation);
  current.current = conversation;
  const scope = useRef(collections);
  scope.current = collections;
  const inFlight = useRef<AbortController | undefined>(undefined);
  const busy = isBusy(conversation);

  // Saved whenever no answer is arriving: every finished turn, stop, error and reset.
  useEffect(() => {
    if (!busy) saveConversation(storage, conversation);
  }, [busy, conversation, storage]);

  useEffect(() => () => inFlight.current?.abort(), []);

  const run = useCallback(
    async (assistantId: string, question: string) => {
      const controller = new AbortController();
      inFlight.current = controller;
      try {
        const request: ChatRequest = { message: question };
        if (current.current.conversationId) request.conversationId = current.current.conversationId;
        if (scope.current && scope.current.length > 0) request.collections = [...scope.current];
        const response = await api.chat(request, { signal: controller.signal, onDelta: (text) => dispatch({ type: 'delta', id: assistantId, text }) });
        dispatch({ type: 'answer', id: assistantId, response });
      } catch (error) {
        if (isAbortError(error) || controller.signal.aborted) dispatch({ type: 'stop', id: assistantId });
        else dispatch({ type: 'fail', id: assistantId, error: toMessageError(error) });
      } finally {
        if (inFlight.current === controller) inFlight.current = undefined;
      }
    },
    [api],
  );

  const send = useCallback(
    (text: string) => {
      const question = text.trim();
      if (!question || isBusy(current.current)) return;
      const assistantId = newId('a');
      dispatch({ type: 'ask', question, userId: newId('u'), assistantId });
      void run(assistantId, question);
    },
    [run],
  );

  const retry = useCallback(
    (assistantId: string) => {
      const message = current.current.messages.find((m) => m.id === assistantId);
      if (message?.role !== 'assistant' || isBusy(current.current)) return;
      dispatch({ type: 'retry', id: assistantId });
      void run(assistantId, message.question);
    },
    [run],
  );

  const stop = useCallback(() => inFlight.current?.abort(), []);

  const reset = useCallback(() => {
    inFlight.current?.abort();
    dispatch({ type: 'reset' });
  }, []);

  const rate = useCallback(
    async (assistantId: string, rating: Rating, comment?: string) => {
      const message = current.current.messages.find((m) => m.id === assistantId);
      if (message?.role !== 'assistant' || !message.messageId) return;
      const { messageId } = message;
      const saved = await api.sendFeedback(comment ? { messageId, rating, comment } : { messageId, rating });
      dispatch({ type: 'rated', id: assistantId, messageId, rating: saved.rating });
    },
    [api],
  );

  return { conversation, busy, send, stop, retry, reset, rate };
}
