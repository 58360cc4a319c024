import { fireEvent, render, screen, within } from '@testing-library/react';
import { createRef } from 'react';
import { describe, expect, test } from 'vitest';
import type { ChatResponse, Source } from '../../src/api/api-types.js';
import { ChatView } from '../../src/chat/chat-view.js';
import { conversationReducer } from '../../src/chat/conversation.js';
import { chatResponse, turn } from '../support/fixtures.js';
import { translate } from '../../src/i18n/i18n.js';
import { chatWith } from '../support/chat-view-harness.js';
import { t } from '../support/render-with-i18n.js';

const PASSAGES: Source[] = [
  {
    documentId: 'd1',
    source: 'handbook/travel.md',
    title: 'Travel policy',
    heading: 'Flights',
    score: 0.62,
    excerpt: 'International flights must be booked at least 21 days in advance.',
  },
  { documentId: 'd2', source: 'handbook/expenses.md', title: 'Expenses', score: 0.41, excerpt: 'Meals are refunded up to 40 euros a day.' },
];

describe('closest passages under a not-found answer', () => {
  test('are listed in order and each opens in the source dialog', () => {
    // prepare
    const messages = turn({ text: "I couldn't find that in the documents.", citations: [], notFound: true, sources: PASSAGES });
    render(<ChatView chat={chatWith(messages)} inputRef={createRef<HTMLTextAreaElement>()} t={t} />);

    // act
    const region = screen.getByRole('region', { name: 'Closest passages' });
    fireEvent.click(within(region).getByRole('button', { name: 'Open passage 2: Expenses' }));

    // assess
    expect(
      within(region)
        .getAllByRole('button')
        .map((button) => button.getAttribute('aria-label')),
    ).toEqual(['Open passage 1: Travel policy', 'Open passage 2: Expenses']);
    const dialog = screen.getByRole('dialog', { name: /Expenses/ });
    expect(dialog.textContent).toContain('handbook/expenses.md');
    expect(dialog.textContent).toContain('Meals are refunded up to 40 euros a day.');
    expect(screen.queryByRole('region', { name: 'Sources' })).toBeNull();
  });

  test('are not shown when the answer was found', () => {
    // prepare
    const messages = turn({ sources: PASSAGES });

    // act
    render(<ChatView chat={chatWith(messages)} inputRef={createRef<HTMLTextAreaElement>()} t={t} />);

    // assess
    expect(screen.queryByRole('region', { name: 'Closest passages' })).toBeNull();
  });

  test('carry their Spanish heading', () => {
    // prepare
    const messages = turn({ text: 'No encuentro esa información en los documentos.', citations: [], notFound: true, sources: PASSAGES, language: 'es' });

    // act
    render(<ChatView chat={chatWith(messages)} inputRef={createRef<HTMLTextAreaElement>()} t={(key, values) => translate('es', key, values)} />);

    // assess
    expect(screen.getByRole('heading', { name: 'Pasajes más cercanos' })).toBeTruthy();
  });

  test('a response with sources keeps them on the message', () => {
    // prepare
    const pending = conversationReducer({ messages: [] }, { type: 'ask', userId: 'u1', assistantId: 'a1', question: 'Who pays hotels?' });
    const response: ChatResponse = chatResponse({ answer: "I couldn't find that in the documents.", conversationId: 'c1', notFound: true, sources: PASSAGES });

    // act
    const next = conversationReducer(pending, { type: 'answer', id: 'a1', response });

    // assess
    const message = next.messages.find((m) => m.id === 'a1');
    expect(message).toMatchObject({ notFound: true, sources: PASSAGES });
  });
});
