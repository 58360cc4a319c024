import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useMemo } from 'react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { useUsersAdmin } from '../../src/admin/use-users-admin.js';
import { UsersPage } from '../../src/admin/users-page.js';
import { ApiClient } from '../../src/api/api-client.js';
import type { ListedUser, SaveUserRequest } from '../../src/api/api-types.js';
import { t } from '../support/render-with-i18n.js';
import { type Route, type ScriptedServer, sendJson, startScriptedServer } from '../support/scripted-server.js';

const TOKEN = 'fresh-token-0123456789abcdef';
const NAMES = ['alice', 'bob', 'root'];

function Harness({ baseUrl }: { baseUrl: string }) {
  const api = useMemo(() => new ApiClient({ baseUrl, authorization: async () => undefined }), [baseUrl]);
  return <UsersPage admin={useUsersAdmin(api)} t={t} />;
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A real HTTP server holding users and collections the way the local admin routes do. */
async function openPage(options: { editable?: boolean } = {}) {
  const users = new Map<string, ListedUser>([
    ['alice', { user: 'alice', admin: false, collections: { finance: 'editor' } }],
    ['root', { user: 'root', admin: true, collections: {} }],
  ]);
  const collections = new Set(['default', 'finance']);
  const routes: Record<string, Route> = {
    'GET /api/users': (_request, _body, reply) => sendJson(reply, 200, { editable: options.editable ?? true, users: [...users.values()] }),
    'GET /api/collections': (_request, _body, reply) =>
      sendJson(
        reply,
        200,
        [...collections].map((name) => ({ name, role: 'admin' })),
      ),
    'POST /api/collections': (_request, body, reply) => {
      const { name } = JSON.parse(body) as { name: string };
      if (collections.has(name)) return sendJson(reply, 409, { error: { code: 'conflict', message: `The collection "${name}" already exists.` } });
      collections.add(name);
      sendJson(reply, 201, { name, role: 'admin' });
    },
  };
  for (const name of NAMES) {
    routes[`PUT /api/users/${name}`] = (_request, body, reply) => {
      if (name === 'root') return sendJson(reply, 409, { error: { code: 'conflict', message: 'You cannot take away your own admin rights.' } });
      const request = JSON.parse(body) as SaveUserRequest;
      const created = !users.has(name);
      const saved: ListedUser = { user: name, admin: request.admin === true, collections: request.collections ?? {} };
      users.set(name, saved);
      sendJson(reply, created ? 201 : 200, created ? { ...saved, token: TOKEN } : saved);
    };
    routes[`DELETE /api/users/${name}`] = (_request, _body, reply) => {
      users.delete(name);
      reply.writeHead(204).end();
    };
  }
  server = await startScriptedServer(routes);
  render(<Harness baseUrl={`${server.url}/api`} />);
  await screen.findByRole('table');
  return { users, collections };
}

const writes = () => server!.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url} ${r.body}`.trim());

describe('the Users & collections page', () => {
  test('lists each user with their role per collection', async () => {
    // act
    await openPage();

    // assess
    const alice = screen.getByRole('row', { name: /alice/ });
    expect((within(alice).getByRole('combobox', { name: 'Role of alice in finance' }) as HTMLSelectElement).value).toBe('editor');
    expect((within(alice).getByRole('combobox', { name: 'Role of alice in default' }) as HTMLSelectElement).value).toBe('none');
    expect((screen.getByRole('checkbox', { name: 'root is an administrator' }) as HTMLInputElement).checked).toBe(true);
  });

  test.each([
    ['gives a role', 'default', 'reader', { default: 'reader', finance: 'editor' }],
    ['takes one away', 'finance', 'none', {}],
  ])('changing a role %s and sends the user whole', async (_, collection, role, expected) => {
    // prepare
    const { users } = await openPage();

    // act
    fireEvent.change(screen.getByRole('combobox', { name: `Role of alice in ${collection}` }), { target: { value: role } });

    // assess
    await waitFor(() => expect(users.get('alice')!.collections).toEqual(expected));
    const sent = server!.requests.filter((r) => r.method !== 'GET');
    expect(sent.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([['PUT', '/api/users/alice', { admin: false, collections: expected }]]);
  });

  test('adding a user shows their token once; the next change hides it', async () => {
    // prepare
    await openPage();

    // act
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'bob' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    const notice = await screen.findByRole('status');
    const shown = notice.textContent;
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    fireEvent.click(within(notice).getByRole('button', { name: 'Copy token' }));
    await within(notice).findByText('Copied');
    await screen.findByRole('row', { name: /bob/ });
    fireEvent.change(screen.getByRole('combobox', { name: 'Role of bob in finance' }), { target: { value: 'reader' } });
    await waitFor(() => expect(writes()).toHaveLength(2));

    // assess
    expect(shown).toContain('Token for bob, shown only this once');
    expect(shown).toContain(TOKEN);
    expect(writeText).toHaveBeenCalledWith(TOKEN);
    await waitFor(() => expect(screen.queryByText(TOKEN)).toBeNull());
  });

  test('removing a user takes two presses', async () => {
    // prepare
    const { users } = await openPage();

    // act
    fireEvent.click(screen.getByRole('button', { name: 'Remove alice' }));
    const afterOne = writes().length;
    fireEvent.click(screen.getByRole('button', { name: 'Confirm removal: alice' }));

    // assess
    await waitFor(() => expect(screen.queryByRole('row', { name: /alice/ })).toBeNull());
    expect(afterOne).toBe(0);
    expect(users.has('alice')).toBe(false);
  });

  test('creating a collection adds its column; an existing name shows the server reason', async () => {
    // prepare
    await openPage();

    // act
    fireEvent.change(screen.getByLabelText('New collection'), { target: { value: 'legal' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create collection' }));
    await screen.findByRole('combobox', { name: 'Role of alice in legal' });
    fireEvent.change(screen.getByLabelText('New collection'), { target: { value: 'finance' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create collection' }));

    // assess
    expect((await screen.findByRole('alert')).textContent).toBe('The change was not saved. The collection "finance" already exists.');
  });

  test('a refused change (an admin demoting themselves) is reported and the page shows what the server holds', async () => {
    // prepare
    await openPage();

    // act
    fireEvent.click(screen.getByRole('checkbox', { name: 'root is an administrator' }));

    // assess
    expect((await screen.findByRole('alert')).textContent).toContain('You cannot take away your own admin rights.');
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'root is an administrator' }) as HTMLInputElement).checked).toBe(true));
  });

  test('inline users can be viewed but not changed', async () => {
    // act
    await openPage({ editable: false });

    // assess
    expect(screen.getByText(/can only be viewed here/)).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Role of alice in finance' }) as HTMLSelectElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Add user' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove alice' })).toBeNull();
  });
});
