import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rag } from '../../reliability/support/rag-cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('rag users', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir('rag-users-');
  });
  afterAll(async () => {
    await temp.cleanup();
  });

  test('add prints a token once, list never shows it, remove takes the user out of the file', async () => {
    // prepare
    const file = path.join(temp.dir, 'users.json');
    const cli = { dataDir: path.join(temp.dir, 'data'), cwd: temp.dir };

    // act
    const added = await rag(cli, 'users', 'add', 'alice', '--file', file, '--collection', 'finance:editor', 'handbook', '--json');
    const listed = await rag(cli, 'users', 'list', '--file', file, '--json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as { user: string; token: string }[];
    const removed = await rag(cli, 'users', 'remove', 'alice', '--file', file);
    const after = JSON.parse(await readFile(file, 'utf8')) as unknown[];

    // assess
    expect(added.code).toBe(0);
    const token = (JSON.parse(added.stdout) as { token: string }).token;
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(stored).toEqual([{ user: 'alice', token, collections: { finance: 'editor', handbook: 'reader' } }]);
    expect(JSON.parse(listed.stdout)).toEqual([{ user: 'alice', admin: false, collections: { finance: 'editor', handbook: 'reader' } }]);
    expect(listed.stdout).not.toContain(token);
    expect(removed.code).toBe(0);
    expect(after).toEqual([]);
  }, 120_000);

  test.each([
    ['a bad role', ['users', 'add', 'bob', '--collection', 'finance:owner'], /not a grant/],
    ['a bad collection name', ['users', 'add', 'bob', '--collection', 'Finance'], /not a collection name/],
    ['removing nobody', ['users', 'remove', 'nobody'], /No user nobody/],
  ])(
    '%s is refused',
    async (_, args, message) => {
      // prepare
      const file = path.join(temp.dir, `refused-${args[1]}-${args[2]}.json`);
      await writeFile(file, '[]');

      // act
      const result = await rag({ dataDir: path.join(temp.dir, 'data'), cwd: temp.dir }, ...args, '--file', file);

      // assess
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(await readFile(file, 'utf8')).toBe('[]');
    },
    120_000,
  );
});

describe('rag --collection', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let cli: { dataDir: string; cwd: string };
  beforeAll(async () => {
    temp = await makeTempDir('rag-collections-');
    cli = { dataDir: path.join(temp.dir, 'data'), cwd: temp.dir };
    await mkdir(path.join(temp.dir, 'finance'));
    await mkdir(path.join(temp.dir, 'legal'));
    await writeFile(path.join(temp.dir, 'finance', 'budget.md'), '# Budget\n\nThe zorblatt budget is forty euros.\n');
    await writeFile(path.join(temp.dir, 'legal', 'contract.md'), '# Contract\n\nThe zorblatt contract lasts two years.\n');
    expect((await rag(cli, 'ingest', 'finance', '--collection', 'finance', '--json')).code).toBe(0);
    expect((await rag(cli, 'ingest', 'legal', '--collection', 'legal', '--json')).code).toBe(0);
  }, 240_000);
  afterAll(async () => {
    await temp.cleanup();
  });

  test('collections counts each collection, documents lists one', async () => {
    // act
    const collections = JSON.parse((await rag(cli, 'collections', '--json')).stdout) as { name: string; documents: number }[];
    const finance = JSON.parse((await rag(cli, 'documents', '--collection', 'finance', '--json')).stdout) as { source: string; collection: string }[];

    // assess
    expect(collections.map((c) => [c.name, c.documents])).toEqual([
      ['default', 0],
      ['finance', 1],
      ['legal', 1],
    ]);
    expect(finance.map((d) => [d.source, d.collection])).toEqual([['finance/budget.md', 'finance']]);
  }, 120_000);

  test('ask searches only the collection named', async () => {
    // act
    const response = JSON.parse((await rag(cli, 'ask', 'What about the zorblatt?', '--collection', 'legal', '--json')).stdout) as {
      citations: { source: string }[];
      sources?: { source: string }[];
    };

    // assess
    const cited = [...response.citations, ...(response.sources ?? [])].map((c) => c.source);
    expect(cited.length).toBeGreaterThan(0);
    expect(new Set(cited)).toEqual(new Set(['legal/contract.md']));
  }, 120_000);

  test('delete with another collection leaves the document', async () => {
    // act
    const refused = await rag(cli, 'delete', 'finance/budget.md', '--collection', 'legal');
    const still = JSON.parse((await rag(cli, 'documents', '--json')).stdout) as { source: string }[];

    // assess
    expect(refused.code).toBe(1);
    expect(still.map((d) => d.source).sort()).toEqual(['finance/budget.md', 'legal/contract.md']);
  }, 120_000);
});
