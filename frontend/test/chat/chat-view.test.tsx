import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChatResponse } from '../../src/api/api-types.js';
import { CONVERSATION_KEY } from '../../src/chat/conversation-store.js';
import { ChatViewHarness } from '../support/chat-view-harness.js';
import { type Route, type ScriptedServer, sendJson, startEventStream, startScriptedServer } from '../support/scripted-server.js';
import { chatResponse } from '../support/fixtures.js';

const CONVERSATION_ID = '6f1c2a4e-8a4b-4c59-9f0e-2d1b3c4d5e6f';

function answer(text: string): ChatResponse {
  return chatResponse({
    answer: text,
    conversationId: CONVERSATION_ID,
    citations: [
      { n: 1, documentId: 'd1', source: 'samples/getting-started.md', title: 'Getting started', score: 0.9, excerpt: 'Upload files from the Documents panel.' },
    ],
  });
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startChat(route: Route) {
  server = await startScriptedServer({ 'POST /api/chat': route });
  return render(<ChatViewHarness baseUrl={`${server.url}/api`} />);
}

function ask(question: string) {
  const input = screen.getByLabelText('Ask a question about your documents');
  fireEvent.change(input, { target: { value: question } });
  fireEvent.keyDown(input, { key: 'Enter' });
  return input;
}

describe('ChatView with a streaming server', () => {
  test('sends on Enter, streams the answer in, and keeps focus in the question box', async () => {
    await startChat(async (_request, _body, reply) => {
      const send = startEventStream(reply);
      send('delta', { text: 'Upload files ' });
      send('delta', { text: 'from the Documents panel [1].' });
      send('response', answer('Upload files from the Documents panel [1].'));
      reply.end();
    });

    const input = ask('How do I upload documents?');

    expect(screen.getByRole('log').textContent).toContain('How do I upload documents?');
    await screen.findAllByRole('button', { name: 'Open source 1: Getting started' });
    expect(screen.getByRole('article').textContent).toContain('Upload files from the Documents panel');
    expect(document.activeElement).toBe(input);
    expect((input as HTMLTextAreaElement).value).toBe('');
  });

  test('the conversation survives a reload and the next turn continues it', async () => {
    const view = await startChat((_request, _body, reply) => sendJson(reply, 200, answer('Upload files from the Documents panel [1].')));
    ask('How do I upload documents?');
    await screen.findAllByRole('button', { name: /Open source 1/ });
    await waitFor(() => expect(localStorage.getItem(CONVERSATION_KEY)).toContain(CONVERSATION_ID));

    view.unmount();
    render(<ChatViewHarness baseUrl={`${server!.url}/api`} />);

    expect(screen.getByRole('log').textContent).toContain('How do I upload documents?');
    expect(screen.getAllByRole('button', { name: /Open source 1/ })).toHaveLength(2);
    ask('And delete them?');
    await waitFor(() => expect(server!.requests).toHaveLength(2));
    expect(JSON.parse(server!.requests[1]!.body)).toEqual({ message: 'And delete them?', conversationId: CONVERSATION_ID });
  });

  test('stop ends a streaming answer, keeps what arrived, and offers a retry', async () => {
    await startChat((_request, _body, reply) => {
      startEventStream(reply)('delta', { text: 'Upload files' });
      // …and never finishes.
    });
    ask('How do I upload documents?');
    await waitFor(() => expect(screen.getByRole('article').textContent).toContain('Upload files'));

    fireEvent.click(screen.getByRole('button', { name: 'Stop answering' }));

    await screen.findByText('Stopped before the answer was complete.');
    expect(screen.getByRole('article').textContent).toContain('Upload files');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
  });

  test('after an error, retry asks the same question again', async () => {
    let calls = 0;
    await startChat((_request, _body, reply) => {
      calls += 1;
      if (calls === 1) sendJson(reply, 503, { error: { code: 'provider_unavailable', message: 'The model provider is unavailable.' } });
      else sendJson(reply, 200, answer('Upload files from the Documents panel [1].'));
    });
    ask('How do I upload documents?');
    await screen.findByRole('alert');
    expect(screen.getByRole('alert').textContent).toContain('The model provider is unavailable.');

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Retry' })));

    await screen.findAllByRole('button', { name: /Open source 1/ });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(server!.requests.map((r) => JSON.parse(r.body).message)).toEqual(['How do I upload documents?', 'How do I upload documents?']);
    expect(screen.getAllByText('How do I upload documents?')).toHaveLength(1);
  });

  test('Shift+Enter adds a line instead of sending', async () => {
    await startChat((_request, _body, reply) => sendJson(reply, 200, answer('x')));
    const input = screen.getByLabelText('Ask a question about your documents');
    fireEvent.change(input, { target: { value: 'first line' } });

    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });

    expect(server!.requests).toHaveLength(0);
    expect(screen.queryByRole('article')).toBeNull();
  });
});
