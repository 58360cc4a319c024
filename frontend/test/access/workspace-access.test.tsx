import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { accessFrom, canDelete, canUpload, UNKNOWN_ACCESS } from '../../src/access/access.js';
import { SCOPE_KEY, loadScope } from '../../src/access/scope-store.js';
import type { ChatResponse, CollectionAccess, StoredDocument } from '../../src/api/api-types.js';
import { App } from '../../src/app.js';
import { I18nProvider } from '../../src/i18n/i18n.js';
import { chatResponse } from '../support/fixtures.js';
import { type ScriptedServer, sendJson, startScriptedServer } from '../support/scripted-server.js';

const DOCUMENTS: StoredDocument[] = [
  { id: 'f1', source: 'api-uploads/finance/budget.md', title: 'Budget', chunkCount: 2, collection: 'finance' },
  { id: 'h1', source: 'api-uploads/handbook/rules.md', title: 'House rules', chunkCount: 3, collection: 'handbook' },
];

const ANSWER: ChatResponse = chatResponse({
  answer: 'Travel is capped at 40 000 euros [1].',
  citations: [{ n: 1, documentId: 'f1', source: 'api-uploads/finance/budget.md', title: 'Budget', score: 0.8, excerpt: 'Travel is capped.' }],
});

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The whole site against a real HTTP server that answers as the local API does for a user with these collections. */
async function openSite(collections: CollectionAccess[]) {
  server ??= await startScriptedServer({
    'GET /api/health': (_request, _body, reply) => sendJson(reply, 200, { status: 'ok', chat: 'local:extractive' }),
    'GET /api/collections': (_request, _body, reply) => sendJson(reply, 200, collections),
    'GET /api/documents': (_request, _body, reply) => sendJson(reply, 200, DOCUMENTS),
    'GET /api/jobs': (_request, _body, reply) => sendJson(reply, 200, []),
    'POST /api/chat': (_request, _body, reply) => sendJson(reply, 200, ANSWER),
  });
  const url = server.url;
  return render(
    <I18nProvider initialLocale="en">
      <App loadConfig={async () => ({ apiUrl: `${url}/api`, auth: { type: 'none' } })} />
    </I18nProvider>,
  );
}

function ask(question: string) {
  const input = screen.getByLabelText('Ask a question about your documents');
  fireEvent.change(input, { target: { value: question } });
  fireEvent.keyDown(input, { key: 'Enter' });
}

const chatBodies = () => server!.requests.filter((r) => r.method === 'POST' && r.url === '/api/chat').map((r) => JSON.parse(r.body) as Record<string, unknown>);

const READER_OF_TWO: CollectionAccess[] = [
  { name: 'finance', role: 'reader' },
  { name: 'handbook', role: 'editor' },
];

describe('the scope picker', () => {
  test('narrows the chat to the chosen collection, shows the source collection, and is remembered after a reload', async () => {
    // prepare
    const first = await openSite(READER_OF_TWO);
    const picker = await screen.findByRole('combobox', { name: 'Search in' });

    // act
    fireEvent.change(picker, { target: { value: 'finance' } });
    ask('What is the travel budget?');
    fireEvent.click((await screen.findByText('Collection: finance')).closest('button')!);
    const dialog = await screen.findByRole('dialog');
    const dialogFacts = within(dialog).getByText('Collection').parentElement!.textContent;
    first.unmount();
    await openSite(READER_OF_TWO);
    const again = await screen.findByRole('combobox', { name: 'Search in' });

    // assess
    expect(chatBodies()[0]).toEqual({ message: 'What is the travel budget?', collections: ['finance'] });
    expect(dialogFacts).toBe('Collectionfinance');
    expect(localStorage.getItem(SCOPE_KEY)).toBe('finance');
    await waitFor(() => expect((again as HTMLSelectElement).value).toBe('finance'));
    expect(
      within(again)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All my collections', 'finance', 'handbook']);
  });

  test('"All my collections" sends no collections, leaving the server to search all the user may read', async () => {
    // prepare
    localStorage.setItem(SCOPE_KEY, 'finance');
    await openSite(READER_OF_TWO);
    const picker = await screen.findByRole('combobox', { name: 'Search in' });
    await waitFor(() => expect((picker as HTMLSelectElement).value).toBe('finance'));

    // act
    fireEvent.change(picker, { target: { value: '' } });
    ask('What are the house rules?');
    await screen.findByText('Collection: finance');

    // assess
    expect(chatBodies()[0]).toEqual({ message: 'What are the house rules?' });
    expect(localStorage.getItem(SCOPE_KEY)).toBeNull();
  });

  test('a user with one collection has nothing to pick, and a reader is not offered the admin page', async () => {
    // act
    await openSite([{ name: 'finance', role: 'reader' }]);
    await screen.findByLabelText('Ask a question about your documents');
    await waitFor(() => expect(server!.requests.some((r) => r.url === '/api/collections')).toBe(true));

    // assess
    expect(screen.queryByRole('combobox', { name: 'Search in' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Users & collections' })).toBeNull();
  });

  test('an admin is offered the admin page', async () => {
    // act
    await openSite([{ name: 'default', role: 'admin' }]);

    // assess
    expect(await screen.findByRole('button', { name: 'Users & collections' })).toBeTruthy();
  });
});

describe('loadScope', () => {
  test.each<[string, string | null, string[], string | undefined]>([
    ['nothing saved', null, ['finance'], undefined],
    ['a readable collection', 'finance', ['finance', 'legal'], 'finance'],
    ['a collection taken away since', 'legal', ['finance'], undefined],
  ])('%s', (_, saved, readable, expected) => {
    // prepare
    if (saved) localStorage.setItem(SCOPE_KEY, saved);

    // act + assess
    expect(loadScope(localStorage, readable)).toBe(expected);
  });
});

describe('access', () => {
  test.each<[string, CollectionAccess[] | undefined, { upload: boolean; deleteFinance: boolean; deleteUnknown: boolean }]>([
    ['unknown (an API without collections): the server decides', undefined, { upload: true, deleteFinance: true, deleteUnknown: true }],
    ['a reader', [{ name: 'finance', role: 'reader' }], { upload: false, deleteFinance: false, deleteUnknown: false }],
    ['an editor', [{ name: 'finance', role: 'editor' }], { upload: true, deleteFinance: true, deleteUnknown: false }],
    [
      'an editor elsewhere',
      [
        { name: 'legal', role: 'editor' },
        { name: 'finance', role: 'reader' },
      ],
      { upload: true, deleteFinance: false, deleteUnknown: false },
    ],
    ['an admin', [{ name: 'default', role: 'admin' }], { upload: true, deleteFinance: true, deleteUnknown: true }],
  ])('%s', (_, collections, expected) => {
    // act
    const access = collections ? accessFrom(collections) : UNKNOWN_ACCESS;

    // assess
    expect({ upload: canUpload(access), deleteFinance: canDelete(access, 'finance'), deleteUnknown: canDelete(access, undefined) }).toEqual(expected);
  });
});
