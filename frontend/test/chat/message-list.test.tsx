import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, test, vi } from 'vitest';
import type { AssistantMessage } from '../../src/chat/conversation.js';
import type { Handling } from '../../src/chat/handling-hint.js';
import { MessageList } from '../../src/chat/message-list.js';
import { answered, turn } from '../support/fixtures.js';
import { t } from '../support/render-with-i18n.js';

const noop = () => {};

describe('MessageList', () => {
  test('is a polite live log holding the question and the answer', () => {
    render(<MessageList messages={turn()} busy={false} onOpenCitation={noop} onRetry={noop} t={t} />);

    const log = screen.getByRole('log', { name: 'Conversation' });
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(within(log).getByText('How do I upload documents?')).toBeTruthy();
    expect(log.textContent).toContain('Use the Documents panel');
  });

  test.each<[string, Partial<AssistantMessage>, Handling, string]>([
    ['a generated answer', { intent: 'question', answerMode: 'generated' }, 'generated', 'Answered from your documents'],
    ['an extractive answer', { intent: 'question', answerMode: 'extractive' }, 'extractive', 'offline mode, no language model'],
    ['a greeting', { intent: 'greeting', answerMode: 'direct', citations: [] }, 'smalltalk', 'no documents searched'],
    ['small talk', { intent: 'smalltalk', answerMode: 'direct', citations: [] }, 'smalltalk', 'no documents searched'],
    ['an off-topic message', { intent: 'off_topic', answerMode: 'direct', citations: [] }, 'off_topic', 'Outside the scope'],
    ['an answer the documents lack', { intent: 'question', answerMode: 'extractive', notFound: true, citations: [] }, 'not_found', 'Not in your documents'],
  ])('%s says how it was handled', (_name, overrides, handling, label) => {
    const { container } = render(<MessageList messages={turn(overrides)} busy={false} onOpenCitation={noop} onRetry={noop} t={t} />);

    expect(container.querySelector('[data-handling]')?.getAttribute('data-handling')).toBe(handling);
    expect(container.querySelector('.hint-row')?.textContent).toContain(label);
  });

  test('a greeting shows no sources', () => {
    render(
      <MessageList
        messages={turn({ intent: 'greeting', answerMode: 'direct', citations: [], text: 'Hi! Ask me about your documents.' })}
        busy={false}
        onOpenCitation={noop}
        onRetry={noop}
        t={t}
      />,
    );

    expect(screen.queryByRole('region', { name: 'Sources' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Open source/ })).toBeNull();
  });

  test('a pending answer shows progress and no actions', () => {
    render(<MessageList messages={turn({ status: 'pending', text: '', citations: [], intent: undefined })} busy onOpenCitation={noop} onRetry={noop} t={t} />);

    expect(screen.getByText('Searching your documents…')).toBeTruthy();
    expect(screen.getByRole('log').getAttribute('aria-busy')).toBe('true');
    expect(screen.queryByRole('button', { name: 'Copy answer' })).toBeNull();
  });

  test('an error says what happened and offers a retry', () => {
    const onRetry = vi.fn();
    const failed = answered({
      id: 'a9',
      status: 'error',
      text: '',
      citations: [],
      intent: undefined,
      error: { status: 0, code: 'network_error', message: 'fetch failed' },
    });
    render(<MessageList messages={[{ id: 'u9', role: 'user', text: failed.question }, failed]} busy={false} onOpenCitation={noop} onRetry={onRetry} t={t} />);

    expect(screen.getByRole('alert').textContent).toContain('The server cannot be reached');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledWith('a9');
  });

  test('a server error shows its message as the detail', () => {
    const failed = answered({
      status: 'error',
      text: '',
      citations: [],
      error: { status: 503, code: 'provider_unavailable', message: 'The model provider is unavailable.' },
    });
    render(<MessageList messages={[failed]} busy={false} onOpenCitation={noop} onRetry={noop} t={t} />);

    expect(screen.getByRole('alert').textContent).toContain('The model provider is unavailable.');
  });

  test('copy puts the answer on the clipboard', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<MessageList messages={turn()} busy={false} onOpenCitation={noop} onRetry={noop} t={t} />);

    fireEvent.click(screen.getByRole('button', { name: 'Copy answer' }));

    expect(writeText).toHaveBeenCalledWith('Use the Documents panel [1]. Files stay local [2].');
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy();
  });

  test('an answer in another language is marked with its language', () => {
    const { container } = render(
      <MessageList messages={turn({ language: 'es', text: 'Usa el panel de documentos [1].' })} busy={false} onOpenCitation={noop} onRetry={noop} t={t} />,
    );

    expect(container.querySelector('article')?.getAttribute('lang')).toBe('es');
  });
});
