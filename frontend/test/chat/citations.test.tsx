import { fireEvent, render, screen, within } from '@testing-library/react';
import { createRef } from 'react';
import { describe, expect, test } from 'vitest';
import { ChatView } from '../../src/chat/chat-view.js';
import { turn } from '../support/fixtures.js';
import { chatWith } from '../support/chat-view-harness.js';
import { t } from '../support/render-with-i18n.js';

/** The answer text, where the inline markers are (the sources list below it has its own buttons). */
const answerText = () => screen.getByRole('article').querySelector<HTMLElement>('.markdown')!;

function renderChat(messages = turn()) {
  return render(<ChatView chat={chatWith(messages)} inputRef={createRef<HTMLTextAreaElement>()} t={t} />);
}

describe('citations', () => {
  test('each inline marker opens its own source', () => {
    renderChat();

    fireEvent.click(within(answerText()).getByRole('button', { name: 'Open source 2: Security and privacy' }));

    const dialog = screen.getByRole('dialog', { name: /Security and privacy/ });
    expect(dialog.textContent).toContain('samples/security-and-privacy.md');
    expect(dialog.textContent).toContain('Documents stay in the data folder');
    expect(within(dialog).getByText('3')).toBeTruthy();
    expect(dialog.textContent).not.toContain('Getting started');
  });

  test('the excerpt expands to the whole passage and back', () => {
    // prepare
    renderChat();
    fireEvent.click(within(answerText()).getByRole('button', { name: 'Open source 1: Getting started' }));
    const dialog = screen.getByRole('dialog', { name: /Getting started/ });
    expect(dialog.textContent).not.toContain('Each upload becomes an ingestion job');

    // act
    fireEvent.click(within(dialog).getByRole('button', { name: 'Show the whole passage' }));

    // assess
    expect(dialog.querySelector('.source-excerpt')!.textContent).toBe(
      'Upload PDF, Word, HTML, Markdown or plain-text files from the Documents panel.\n\nEach upload becomes an ingestion job; you can follow its progress and see why a file failed.',
    );
    const collapse = within(dialog).getByRole('button', { name: 'Show the excerpt only' });
    expect(collapse.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(collapse);
    expect(dialog.textContent).not.toContain('Each upload becomes an ingestion job');
  });

  test('a source without a longer passage offers no expansion', () => {
    renderChat();

    fireEvent.click(within(answerText()).getByRole('button', { name: 'Open source 2: Security and privacy' }));

    expect(within(screen.getByRole('dialog')).queryByRole('button', { name: 'Show the whole passage' })).toBeNull();
  });

  test('the source shows title, section and excerpt', () => {
    renderChat();

    fireEvent.click(within(answerText()).getByRole('button', { name: 'Open source 1: Getting started' }));

    const dialog = screen.getByRole('dialog', { name: /Getting started/ });
    expect(within(dialog).getByText('Adding documents')).toBeTruthy();
    expect(within(dialog).getByText(/Upload PDF, Word, HTML/)).toBeTruthy();
  });

  test('an excerpt with markup renders as text', () => {
    const { container } = renderChat();

    fireEvent.click(within(answerText()).getByRole('button', { name: /Open source 2/ }));

    expect(container.ownerDocument.querySelector('img')).toBeNull();
    expect(screen.getByRole('dialog').textContent).toContain('<img src=x onerror="window.__xss=1">');
  });

  test('the sources list opens the same source as the marker', () => {
    renderChat();
    const sources = screen.getByRole('region', { name: 'Sources' });

    fireEvent.click(within(sources).getByRole('button', { name: /Open source 1/ }));

    expect(screen.getByRole('dialog', { name: /Getting started/ })).toBeTruthy();
  });

  test('Escape closes the source and gives focus back to the marker', () => {
    renderChat();
    const marker = within(answerText()).getByRole('button', { name: /Open source 1/ });
    marker.focus();

    fireEvent.click(marker);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Close');
    fireEvent.keyDown(document, { key: 'Escape' });

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(marker);
  });

  test('a marker for a source the server did not return stays plain text', () => {
    renderChat(turn({ text: 'As noted [7].' }));

    expect(screen.queryByRole('button', { name: /Open source 7/ })).toBeNull();
    expect(screen.getByRole('article').textContent).toContain('[7]');
  });
});
