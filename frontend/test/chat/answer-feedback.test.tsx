import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChatResponse, FeedbackRequest } from '../../src/api/api-types.js';
import { CONVERSATION_KEY } from '../../src/chat/conversation-store.js';
import { chatResponse } from '../support/fixtures.js';
import { ChatViewHarness } from '../support/chat-view-harness.js';
import { type ScriptedServer, sendJson, startScriptedServer } from '../support/scripted-server.js';

const MESSAGE_ID = '3f2b8c1e-5d4a-4b7e-9c21-7a1e0d9b6f42';

const ANSWER: ChatResponse = chatResponse({
  answer: 'Upload files from the Documents panel [1].',
  citations: [{ n: 1, documentId: 'd1', source: 'samples/getting-started.md', title: 'Getting started', score: 0.9, excerpt: 'Upload files.' }],
  messageId: MESSAGE_ID,
});

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A real HTTP server answering one chat turn and keeping one rating per answer, as the local API does. */
async function answeredTurn(options: { failFeedback?: boolean } = {}) {
  const ratings = new Map<string, FeedbackRequest>();
  server = await startScriptedServer({
    'POST /api/chat': (_request, _body, reply) => sendJson(reply, 200, ANSWER),
    'POST /api/feedback': (_request, body, reply) => {
      if (options.failFeedback) return sendJson(reply, 503, { error: { code: 'unavailable', message: 'The database is busy.' } });
      const request = JSON.parse(body) as FeedbackRequest;
      if (request.messageId !== MESSAGE_ID) return sendJson(reply, 404, { error: { code: 'not_found', message: 'No such answer.' } });
      const replaced = ratings.has(request.messageId);
      ratings.set(request.messageId, request);
      sendJson(reply, 200, { ...request, replaced, updatedAt: new Date().toISOString() });
    },
  });
  render(<ChatViewHarness baseUrl={`${server.url}/api`} />);
  const input = screen.getByLabelText('Ask a question about your documents');
  fireEvent.change(input, { target: { value: 'How do I upload documents?' } });
  fireEvent.keyDown(input, { key: 'Enter' });
  const article = await screen.findByRole('article');
  await within(article).findByRole('button', { name: 'Helpful answer' });
  return { article, ratings, feedbackRequests: () => server!.requests.filter((request) => request.url === '/api/feedback') };
}

const pressed = (button: HTMLElement) => button.getAttribute('aria-pressed');

describe('Thumbs on an answer', () => {
  test('a thumbs-up sends the answer id and stays highlighted', async () => {
    const { article, feedbackRequests } = await answeredTurn();
    const up = within(article).getByRole('button', { name: 'Helpful answer' });
    const down = within(article).getByRole('button', { name: 'Unhelpful answer' });
    expect([pressed(up), pressed(down)]).toEqual(['false', 'false']);

    fireEvent.click(up);

    await waitFor(() => expect(pressed(up)).toBe('true'));
    expect(pressed(down)).toBe('false');
    expect(feedbackRequests().map((request) => JSON.parse(request.body))).toEqual([{ messageId: MESSAGE_ID, rating: 'up' }]);
    expect(within(article).getByText('Thanks for the feedback.')).toBeTruthy();
    expect(within(article).queryByLabelText(/What was wrong/)).toBeNull();
  });

  test('a second click changes the rating, and the comment sent with a thumbs-down replaces it', async () => {
    const { article, ratings, feedbackRequests } = await answeredTurn();
    const up = within(article).getByRole('button', { name: 'Helpful answer' });
    const down = within(article).getByRole('button', { name: 'Unhelpful answer' });
    fireEvent.click(up);
    await waitFor(() => expect(pressed(up)).toBe('true'));

    fireEvent.click(down);
    const box = await within(article).findByLabelText('What was wrong or missing? (optional)');
    expect(pressed(down)).toBe('true');
    expect(pressed(up)).toBe('false');
    expect(document.activeElement).toBe(box);
    fireEvent.change(box, { target: { value: '  It should mention the size limit.  ' } });
    fireEvent.click(within(article).getByRole('button', { name: 'Send comment' }));

    await waitFor(() => expect(within(article).queryByLabelText(/What was wrong/)).toBeNull());
    expect(feedbackRequests().map((request) => JSON.parse(request.body))).toEqual([
      { messageId: MESSAGE_ID, rating: 'up' },
      { messageId: MESSAGE_ID, rating: 'down' },
      { messageId: MESSAGE_ID, rating: 'down', comment: 'It should mention the size limit.' },
    ]);
    expect(ratings.get(MESSAGE_ID)).toEqual({ messageId: MESSAGE_ID, rating: 'down', comment: 'It should mention the size limit.' });
    expect(pressed(down)).toBe('true');
    // The rating is part of the saved conversation, so it is still shown after a reload.
    await waitFor(() => expect(JSON.parse(localStorage.getItem(CONVERSATION_KEY) ?? '{}').messages[1].rating).toBe('down'));
  });

  test('skipping the comment keeps the thumbs-down without another request', async () => {
    const { article, feedbackRequests } = await answeredTurn();
    const down = within(article).getByRole('button', { name: 'Unhelpful answer' });

    fireEvent.click(down);
    await within(article).findByLabelText(/What was wrong/);
    fireEvent.click(within(article).getByRole('button', { name: 'Skip' }));

    expect(within(article).queryByLabelText(/What was wrong/)).toBeNull();
    expect(pressed(down)).toBe('true');
    expect(feedbackRequests()).toHaveLength(1);
  });

  test('a refused rating is reported inline and the answer stays as it was', async () => {
    const { article } = await answeredTurn({ failFeedback: true });
    const up = within(article).getByRole('button', { name: 'Helpful answer' });

    fireEvent.click(up);

    const alert = await within(article).findByRole('alert');
    expect(alert.textContent).toContain('The rating was not saved');
    expect(alert.textContent).toContain('The database is busy.');
    expect(pressed(up)).toBe('false');
    expect(article.textContent).toContain('Upload files from the Documents panel');
    expect(screen.getByLabelText('Ask a question about your documents')).toBeTruthy();
  });
});
