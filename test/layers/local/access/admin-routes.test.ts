import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestStack, waitForJob } from '../../../support/local-stack-harness.js';
import { makeTempDir } from '../../../support/temp-dir.js';

/**
 * The admin routes the site's "Users & collections" page uses, over a real stack (Fastify,
 * PGlite) whose users live in a users file: only admins may call them, they write the file the
 * CLI writes, and tokens never leave the server except once, when a user is created.
 */
const USERS = [
  { user: 'rita', token: 'rita-token-0123456789ab', collections: { finance: 'reader' } },
  { user: 'ed', token: 'ed-token-0123456789abcd', collections: { finance: 'editor' } },
  { user: 'root', token: 'root-token-0123456789a', admin: true },
];
const auth = (user: string) => ({ authorization: `Bearer ${USERS.find((u) => u.user === user)!.token}` });
const json = (user: string) => ({ 'content-type': 'application/json', ...auth(user) });

describe('admin routes over a users file', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let usersFile: string;

  beforeAll(async () => {
    temp = await makeTempDir('rag-users-');
    usersFile = path.join(temp.dir, 'users.json');
    await writeFile(usersFile, JSON.stringify(USERS));
    t = await startTestStack({ RAG_USERS: usersFile, RAG_RATE_LIMIT_PER_MINUTE: '0' });
    for (const collection of ['finance', 'legal']) {
      const form = new FormData();
      form.append('collection', collection);
      form.append('file', new Blob([`# ${collection}\n\nA note of the ${collection} team.\n`], { type: 'text/markdown' }), `${collection}.md`);
      const response = await fetch(`${t.url}/api/documents`, { method: 'POST', body: form, headers: auth('root') });
      const { jobId } = (await response.json()) as { jobId: string };
      expect((await waitForJob(t.url, jobId, auth('root'))).status).toBe('succeeded');
    }
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await temp?.cleanup();
  });

  test.each([
    ['GET /api/users', 'GET', '/api/users', undefined],
    ['PUT /api/users/:user', 'PUT', '/api/users/mallory', { collections: { finance: 'editor' } }],
    ['DELETE /api/users/:user', 'DELETE', '/api/users/rita', undefined],
    ['POST /api/collections', 'POST', '/api/collections', { name: 'sneaky' }],
  ])('%s is 403 for a reader and an editor, and changes nothing', async (_, method, route, body) => {
    // prepare
    const before = await readFile(usersFile, 'utf8');

    // act
    const answers = await Promise.all(
      ['rita', 'ed'].map((user) =>
        fetch(`${t.url}${route}`, { method, ...(body ? { headers: json(user), body: JSON.stringify(body) } : { headers: auth(user) }) }),
      ),
    );

    // assess
    expect(answers.map((a) => a.status)).toEqual([403, 403]);
    expect(await Promise.all(answers.map(async (a) => ((await a.json()) as { error: { code: string } }).error.code))).toEqual(['forbidden', 'forbidden']);
    expect(await readFile(usersFile, 'utf8')).toBe(before);
    const collections = (await (await fetch(`${t.url}/api/collections`, { headers: auth('root') })).json()) as { name: string }[];
    expect(collections.map((c) => c.name)).not.toContain('sneaky');
  });

  test('without a token every admin route answers 401', async () => {
    // act
    const answers = await Promise.all([
      fetch(`${t.url}/api/users`),
      fetch(`${t.url}/api/users/mallory`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }),
      fetch(`${t.url}/api/users/rita`, { method: 'DELETE' }),
      fetch(`${t.url}/api/collections`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"sneaky"}' }),
    ]);

    // assess
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
  });

  test('GET /api/users lists every user with their roles and no token', async () => {
    // act
    const response = await fetch(`${t.url}/api/users`, { headers: auth('root') });
    const text = await response.text();

    // assess
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      editable: true,
      users: expect.arrayContaining([
        { user: 'rita', admin: false, collections: { finance: 'reader' } },
        { user: 'root', admin: true, collections: {} },
      ]),
    });
    for (const user of USERS) expect(text).not.toContain(user.token);
  });

  test('a created user gets a token once, can sign in with it at once, and shows in the file the CLI reads', async () => {
    // act
    const created = await fetch(`${t.url}/api/users/nora`, {
      method: 'PUT',
      headers: json('root'),
      body: JSON.stringify({ collections: { legal: 'reader' } }),
    });
    const { token } = (await created.json()) as { token: string };
    const again = await fetch(`${t.url}/api/users/nora`, { method: 'PUT', headers: json('root'), body: JSON.stringify({ collections: { legal: 'editor' } }) });
    const documents = (await (await fetch(`${t.url}/api/documents`, { headers: { authorization: `Bearer ${token}` } })).json()) as { collection: string }[];
    const listed = (await (await fetch(`${t.url}/api/users`, { headers: auth('root') })).json()) as { users: { user: string }[] };

    // assess
    expect(created.status).toBe(201);
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ user: 'nora', admin: false, collections: { legal: 'editor' } });
    expect(documents.map((d) => d.collection)).toEqual(['legal']);
    expect(JSON.stringify(listed)).not.toContain(token);
    const stored = JSON.parse(await readFile(usersFile, 'utf8')) as { user: string; token: string; collections?: object }[];
    expect(stored.find((u) => u.user === 'nora')).toEqual({ user: 'nora', token, collections: { legal: 'editor' } });
  });

  test('a changed role takes effect on the next request, and a removed user is signed out', async () => {
    // prepare
    await fetch(`${t.url}/api/users/temp-user`, { method: 'PUT', headers: json('root'), body: JSON.stringify({ collections: { finance: 'reader' } }) }).then(
      async (r) => expect(r.status).toBe(201),
    );
    const file = JSON.parse(await readFile(usersFile, 'utf8')) as { user: string; token: string }[];
    const token = file.find((u) => u.user === 'temp-user')!.token;
    const asTemp = { authorization: `Bearer ${token}` };

    // act
    await fetch(`${t.url}/api/users/temp-user`, { method: 'PUT', headers: json('root'), body: JSON.stringify({ collections: { finance: 'editor' } }) });
    const collections = await (await fetch(`${t.url}/api/collections`, { headers: asTemp })).json();
    const removed = await fetch(`${t.url}/api/users/temp-user`, { method: 'DELETE', headers: auth('root') });
    const afterwards = await fetch(`${t.url}/api/documents`, { headers: asTemp });
    const removedAgain = await fetch(`${t.url}/api/users/temp-user`, { method: 'DELETE', headers: auth('root') });

    // assess
    expect(collections).toEqual([{ name: 'finance', role: 'editor' }]);
    expect(removed.status).toBe(204);
    expect(afterwards.status).toBe(401);
    expect(removedAgain.status).toBe(404);
  });

  test.each([
    ['a bad collection name', 'PUT', '/api/users/someone', { collections: { Finance: 'reader' } }, 400, 'invalid_request'],
    ['a bad role', 'PUT', '/api/users/someone', { collections: { finance: 'owner' } }, 400, 'invalid_request'],
    ['a bad user name', 'PUT', '/api/users/no%20spaces', { collections: {} }, 400, 'invalid_request'],
    ['taking away your own admin rights', 'PUT', '/api/users/root', { collections: {} }, 409, 'conflict'],
    ['removing yourself', 'DELETE', '/api/users/root', undefined, 409, 'conflict'],
    ['an existing collection', 'POST', '/api/collections', { name: 'finance' }, 409, 'conflict'],
    ['a bad new collection name', 'POST', '/api/collections', { name: 'Big Money' }, 400, 'invalid_request'],
  ])('refuses %s', async (_, method, route, body, status, code) => {
    // act
    const response = await fetch(`${t.url}${route}`, { method, ...(body ? { headers: json('root'), body: JSON.stringify(body) } : { headers: auth('root') }) });

    // assess
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  test('a created collection is listed for admins, and granting a role on a new name creates it', async () => {
    // act
    const created = await fetch(`${t.url}/api/collections`, { method: 'POST', headers: json('root'), body: JSON.stringify({ name: 'research' }) });
    await fetch(`${t.url}/api/users/rita`, {
      method: 'PUT',
      headers: json('root'),
      body: JSON.stringify({ collections: { finance: 'reader', hr: 'reader' } }),
    });
    const names = ((await (await fetch(`${t.url}/api/collections`, { headers: auth('root') })).json()) as { name: string }[]).map((c) => c.name);

    // assess
    expect(created.status).toBe(201);
    expect(names).toEqual(expect.arrayContaining(['research', 'hr', 'finance', 'legal', 'default']));
  });

  test.each([
    ['ed', 1],
    ['root', 2],
  ])('GET /api/health counts only the documents %s may read', async (user, documents) => {
    // act
    const health = (await (await fetch(`${t.url}/api/health`, { headers: auth(user) })).json()) as { documents: number; chunks: number };

    // assess
    expect(health.documents).toBe(documents);
    expect(health.chunks).toBeGreaterThanOrEqual(documents);
  });
});

describe('admin routes over inline users', () => {
  test('users can be listed but not changed: 409 names the setting to use', async () => {
    // prepare
    const t = await startTestStack({ RAG_USERS: JSON.stringify(USERS), RAG_RATE_LIMIT_PER_MINUTE: '0' });
    try {
      // act
      const listed = (await (await fetch(`${t.url}/api/users`, { headers: auth('root') })).json()) as { editable: boolean; users: unknown[] };
      const change = await fetch(`${t.url}/api/users/nora`, { method: 'PUT', headers: json('root'), body: '{}' });

      // assess
      expect(listed.editable).toBe(false);
      expect(listed.users).toHaveLength(USERS.length);
      expect(change.status).toBe(409);
      expect(((await change.json()) as { error: { message: string } }).error.message).toMatch(/RAG_USERS/);
    } finally {
      await t.close();
    }
  }, 120_000);
});
