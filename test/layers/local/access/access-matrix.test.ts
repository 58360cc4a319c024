import { type CollectionRole, type Principal, canEdit, canRead } from '#core/access/access-policy.js';
import { rawSftpPut, type SftpAccount } from '../../../reliability/support/sftp-clients.js';
import { startTestStack, waitForJob } from '../../../support/local-stack-harness.js';

/**
 * Three users and an admin × three collections × every route and the SFTP drop: each cell is
 * allowed or denied exactly as the role table says, over a real stack (Fastify, PGlite, SFTP).
 */
const COLLECTIONS = ['finance', 'handbook', 'legal'] as const;
type Collection = (typeof COLLECTIONS)[number];

const USERS: { user: string; token: string; admin?: boolean; collections?: Record<string, CollectionRole> }[] = [
  { user: 'alice', token: 'alice-token-0123456789', collections: { finance: 'editor', handbook: 'reader' } },
  { user: 'bob', token: 'bob-token-0123456789ab', collections: { handbook: 'editor' } },
  { user: 'carol', token: 'carol-token-0123456789', collections: { legal: 'reader' } },
  { user: 'root', token: 'root-token-0123456789a', admin: true },
];
const principal = (name: string): Principal => {
  const entry = USERS.find((u) => u.user === name)!;
  return { user: entry.user, admin: entry.admin === true, collections: entry.collections ?? {} };
};
const auth = (name: string) => ({ authorization: `Bearer ${USERS.find((u) => u.user === name)!.token}` });

/** A word only this collection's document holds, so a question about it finds that document or nothing. */
const SECRET: Record<Collection, string> = { finance: 'zorblatt', handbook: 'quimbery', legal: 'vextrani' };
const DROP_SECRET: Record<Collection, string> = { finance: 'plonkify', handbook: 'wubblest', legal: 'snorklet' };
const DROP_ACCOUNTS: SftpAccount[] = COLLECTIONS.map((c) => ({ user: `drop-${c}`, password: `pw-drop-${c}-matrix`, keyFile: '', publicKey: '' }));

const cells = USERS.flatMap(({ user }) =>
  COLLECTIONS.map((collection) => ({ user, collection, read: canRead(principal(user), collection), edit: canEdit(principal(user), collection) })),
);

describe('access matrix over the local stack', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  const seeded = new Map<Collection, { documentId: string; jobId: string }>();

  async function upload(as: string, collection: string | undefined, name: string, content: string) {
    const form = new FormData();
    if (collection) form.append('collection', collection);
    form.append('file', new Blob([content], { type: 'text/markdown' }), name);
    const response = await fetch(`${t.url}/api/documents`, { method: 'POST', body: form, headers: auth(as) });
    return { status: response.status, body: (await response.json()) as { jobId?: string; error?: { code: string } } };
  }

  async function uploadAndWait(collection: Collection, name: string, content: string): Promise<{ jobId: string; documentId: string }> {
    const { body } = await upload('root', collection, name, content);
    const job = await waitForJob(t.url, body.jobId!, auth('root'));
    const document = job.documents[0] as { documentId?: string; status: string };
    expect(document.status).toBe('indexed');
    return { jobId: body.jobId!, documentId: document.documentId! };
  }

  async function listed(as: string): Promise<{ id: string; source: string; collection: string }[]> {
    return (await fetch(`${t.url}/api/documents`, { headers: auth(as) })).json() as Promise<{ id: string; source: string; collection: string }[]>;
  }

  async function chatSources(as: string, message: string): Promise<string[]> {
    const response = await fetch(`${t.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(as) },
      body: JSON.stringify({ message }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { citations: { source: string }[]; sources?: { source: string }[] };
    return [...body.citations.map((c) => c.source), ...(body.sources ?? []).map((s) => s.source)];
  }

  async function completionSources(as: string, message: string, metadata?: Record<string, unknown>): Promise<string[]> {
    const response = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(as) },
      body: JSON.stringify({ model: 'rag', messages: [{ role: 'user', content: message }], ...(metadata ? { metadata } : {}) }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { citations: { source: string }[]; sources?: { source: string }[] };
    return [...body.citations.map((c) => c.source), ...(body.sources ?? []).map((s) => s.source)];
  }

  beforeAll(async () => {
    t = await startTestStack({
      RAG_USERS: JSON.stringify(USERS),
      RAG_SFTP_USERS: JSON.stringify(DROP_ACCOUNTS.map((a, i) => ({ user: a.user, password: a.password, collection: COLLECTIONS[i] }))),
      RAG_RATE_LIMIT_PER_MINUTE: '0',
    });
    for (const collection of COLLECTIONS) {
      seeded.set(
        collection,
        await uploadAndWait(collection, `${collection}.md`, `# ${collection} notes\n\nThe ${SECRET[collection]} procedure belongs to ${collection}.\n`),
      );
    }
    for (const [i, account] of DROP_ACCOUNTS.entries()) {
      const collection = COLLECTIONS[i]!;
      const put = await rawSftpPut({
        port: t.stack.sftpPort!,
        hostPublicKey: t.stack.sftpHostPublicKey!,
        account,
        remotePath: '/dropped.md',
        bytes: new TextEncoder().encode(`# Dropped\n\nThe ${DROP_SECRET[collection]} form was dropped for ${collection}.\n`),
      });
      expect(put).toEqual({ ok: true });
    }
    // The drops are ingested by the queue worker; wait until the admin lists all of them.
    for (;;) {
      if ((await listed('root')).filter((d) => d.source.endsWith('/dropped.md')).length === COLLECTIONS.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  test.each([
    ['no token', {}, 401],
    ['a wrong token', { authorization: 'Bearer not-a-token-of-anyone' }, 401],
  ])('%s: every route answers 401', async (_, headers, status) => {
    // act
    const responses = await Promise.all([
      fetch(`${t.url}/api/documents`, { headers }),
      fetch(`${t.url}/api/jobs`, { headers }),
      fetch(`${t.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"message":"hi"}' }),
      fetch(`${t.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"messages":[{"role":"user","content":"hi"}]}',
      }),
    ]);

    // assess
    expect(responses.map((r) => r.status)).toEqual([status, status, status, status]);
  });

  test.each(cells)(
    '$user × $collection: GET /api/documents lists the uploaded and the dropped document only when readable ($read)',
    async ({ user, collection, read }) => {
      // act
      const documents = await listed(user);

      // assess
      const mine = documents
        .filter((d) => d.collection === collection)
        .map((d) => d.source)
        .sort();
      expect(mine).toEqual(read ? [`api-uploads/${collection}/${collection}.md`, `drop-${collection}/dropped.md`] : []);
      expect(documents.every((d) => canRead(principal(user), d.collection))).toBe(true);
    },
  );

  test.each(cells)('$user × $collection: /api/chat cites the collection only when readable ($read)', async ({ user, collection, read }) => {
    // act
    const sources = await chatSources(user, `What is the ${SECRET[collection]} procedure?`);
    const dropSources = await chatSources(user, `Which ${DROP_SECRET[collection]} form was dropped?`);

    // assess
    expect(sources.includes(`api-uploads/${collection}/${collection}.md`)).toBe(read);
    expect(dropSources.includes(`drop-${collection}/dropped.md`)).toBe(read);
    const all = await listed('root');
    const collectionOf = new Map(all.map((d) => [d.source, d.collection]));
    expect([...sources, ...dropSources].every((source) => canRead(principal(user), collectionOf.get(source)!))).toBe(true);
  });

  test.each(cells)(
    '$user × $collection: /v1/chat/completions cites the collection only when readable ($read), and metadata cannot widen',
    async ({ user, collection, read }) => {
      // act
      const plain = await completionSources(user, `What is the ${SECRET[collection]} procedure?`);
      const asked = await completionSources(user, `What is the ${SECRET[collection]} procedure?`, { collections: collection });

      // assess
      expect(plain.includes(`api-uploads/${collection}/${collection}.md`)).toBe(read);
      expect(asked.includes(`api-uploads/${collection}/${collection}.md`)).toBe(read);
    },
  );

  test.each(cells)('$user × $collection: POST /api/documents is 202 only for an editor ($edit), else 403', async ({ user, collection, edit }) => {
    // act
    const { status, body } = await upload(user, collection, `by-${user}.md`, `# By ${user}\n\nA note by ${user}.\n`);

    // assess
    expect(status).toBe(edit ? 202 : 403);
    if (edit) await waitForJob(t.url, body.jobId!, auth(user));
    else expect(body.error?.code).toBe('forbidden');
  });

  test.each(cells)('$user × $collection: GET /api/jobs/:id shows the seed job only to editors ($edit)', async ({ user, collection, edit }) => {
    // act
    const response = await fetch(`${t.url}/api/jobs/${seeded.get(collection)!.jobId}`, { headers: auth(user) });
    const jobs = (await (await fetch(`${t.url}/api/jobs?limit=200`, { headers: auth(user) })).json()) as { id: string }[];

    // assess
    expect(response.status).toBe(edit ? 200 : 404);
    expect(jobs.some((job) => job.id === seeded.get(collection)!.jobId)).toBe(edit);
  });

  test.each(cells)(
    '$user × $collection: DELETE /api/documents/:id is 204 for an editor, 403 for a reader, 404 otherwise',
    async ({ user, collection, read, edit }) => {
      // prepare: a document of its own per cell, so an allowed delete leaves the others in place
      const target = await uploadAndWait(collection as Collection, `delete-${user}.md`, `# Doomed\n\nTo be deleted by ${user}.\n`);

      // act
      const response = await fetch(`${t.url}/api/documents/${target.documentId}`, { method: 'DELETE', headers: auth(user) });

      // assess
      expect(response.status).toBe(edit ? 204 : read ? 403 : 404);
      const stillThere = (await listed('root')).some((d) => d.id === target.documentId);
      expect(stillThere).toBe(!edit);
    },
  );

  test('an upload without a collection goes to the only one the caller edits; several editable need a name', async () => {
    // act
    const alone = await upload('bob', undefined, 'unnamed.md', '# Unnamed\n\nNo collection named.\n');

    // assess
    expect(alone.status).toBe(202);
    expect((alone.body as { collection?: string }).collection).toBe('handbook');
  });

  test("another user's conversation is 404, and its history never reaches them", async () => {
    // prepare
    const first = await fetch(`${t.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth('alice') },
      body: JSON.stringify({ message: `What is the ${SECRET.finance} procedure?` }),
    });
    const { conversationId } = (await first.json()) as { conversationId: string };

    // act
    const intruder = await fetch(`${t.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth('bob') },
      body: JSON.stringify({ message: 'And what else does it say?', conversationId }),
    });
    const owner = await fetch(`${t.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth('alice') },
      body: JSON.stringify({ message: 'And what else does it say?', conversationId }),
    });

    // assess
    expect(intruder.status).toBe(404);
    expect(JSON.stringify(await intruder.json())).not.toContain(SECRET.finance);
    expect(owner.status).toBe(200);
  });
});
