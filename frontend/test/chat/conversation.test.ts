import { describe, expect, test } from 'vitest';
import type { ChatResponse } from '../../src/api/api-types.js';
import { type Conversation, EMPTY_CONVERSATION, conversationReducer, isBusy } from '../../src/chat/conversation.js';
import { CONVERSATION_KEY, loadConversation, saveConversation } from '../../src/chat/conversation-store.js';
import { chatResponse } from '../support/fixtures.js';

const response: ChatResponse = chatResponse({
  answer: 'Use the Documents panel [1].',
  conversationId: 'c-42',
  citations: [{ n: 1, documentId: 'd1', source: 's.md', title: 'S', score: 1, excerpt: 'e' }],
});

function asked(): Conversation {
  return conversationReducer(EMPTY_CONVERSATION, { type: 'ask', question: 'How?', userId: 'u1', assistantId: 'a1' });
}

describe('conversationReducer', () => {
  test('a turn goes pending → streaming → done and keeps the conversation id', () => {
    let state = asked();
    expect(isBusy(state)).toBe(true);

    state = conversationReducer(state, { type: 'delta', id: 'a1', text: 'Use the ' });
    state = conversationReducer(state, { type: 'delta', id: 'a1', text: 'Documents' });
    expect(state.messages[1]).toMatchObject({ status: 'streaming', text: 'Use the Documents' });

    state = conversationReducer(state, { type: 'answer', id: 'a1', response });
    expect(state.messages[1]).toMatchObject({ status: 'done', text: response.answer, answerMode: 'extractive', citations: response.citations });
    expect(state.conversationId).toBe('c-42');
    expect(isBusy(state)).toBe(false);
  });

  test('a delta after stop is ignored', () => {
    let state = conversationReducer(asked(), { type: 'delta', id: 'a1', text: 'Half' });
    state = conversationReducer(state, { type: 'stop', id: 'a1' });

    state = conversationReducer(state, { type: 'delta', id: 'a1', text: ' more' });

    expect(state.messages[1]).toMatchObject({ status: 'stopped', text: 'Half' });
  });

  test('retry clears the error and the partial text', () => {
    let state = conversationReducer(asked(), { type: 'delta', id: 'a1', text: 'Half' });
    state = conversationReducer(state, { type: 'fail', id: 'a1', error: { status: 0, code: 'network_error', message: 'down' } });

    state = conversationReducer(state, { type: 'retry', id: 'a1' });

    expect(state.messages[1]).toMatchObject({ status: 'pending', text: '' });
    expect(state.messages[1]).not.toHaveProperty('error');
    expect(state.messages).toHaveLength(2);
  });

  test('a rating sticks to the answer it was given for, and a retried answer starts unrated', () => {
    const messageId = response.messageId;
    let state = conversationReducer(asked(), { type: 'answer', id: 'a1', response });
    expect(state.messages[1]).toMatchObject({ messageId });

    state = conversationReducer(state, { type: 'rated', id: 'a1', messageId, rating: 'down' });
    expect(state.messages[1]).toMatchObject({ messageId, rating: 'down' });

    state = conversationReducer(state, { type: 'retry', id: 'a1' });
    expect(state.messages[1]).not.toHaveProperty('rating');
    expect(state.messages[1]).not.toHaveProperty('messageId');

    // A rating that arrives after the retry belongs to the old answer and is not applied to the new one.
    const newer = { ...response, messageId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' };
    state = conversationReducer(state, { type: 'answer', id: 'a1', response: newer });
    state = conversationReducer(state, { type: 'rated', id: 'a1', messageId, rating: 'up' });
    expect(state.messages[1]).toMatchObject({ messageId: newer.messageId });
    expect(state.messages[1]).not.toHaveProperty('rating');
  });
});

describe('conversation store', () => {
  test('a saved conversation comes back after a reload', () => {
    const done = conversationReducer(asked(), { type: 'answer', id: 'a1', response });

    saveConversation(localStorage, done);

    expect(loadConversation(localStorage)).toEqual(done);
  });

  test('an answer still arriving when the page closed comes back as stopped', () => {
    const streaming = conversationReducer(asked(), { type: 'delta', id: 'a1', text: 'Half' });
    saveConversation(localStorage, streaming);

    expect(loadConversation(localStorage).messages[1]).toMatchObject({ status: 'stopped', text: 'Half' });
  });

  test.each([
    ['nothing saved', null],
    ['broken JSON', '{"messages": ['],
    ['no message list', '{"conversationId": "c"}'],
  ])('%s gives an empty conversation', (_name, raw) => {
    if (raw !== null) localStorage.setItem(CONVERSATION_KEY, raw);

    expect(loadConversation(localStorage)).toEqual(EMPTY_CONVERSATION);
  });

  test('malformed messages are dropped, good ones kept', () => {
    localStorage.setItem(CONVERSATION_KEY, JSON.stringify({ messages: [{ id: 'u1', role: 'user', text: 'Hi' }, { role: 'assistant' }, 'junk'] }));

    expect(loadConversation(localStorage).messages).toEqual([{ id: 'u1', role: 'user', text: 'Hi' }]);
  });

  test('an empty conversation removes the saved one', () => {
    saveConversation(localStorage, conversationReducer(asked(), { type: 'answer', id: 'a1', response }));

    saveConversation(localStorage, EMPTY_CONVERSATION);

    expect(localStorage.getItem(CONVERSATION_KEY)).toBeNull();
  });
});
