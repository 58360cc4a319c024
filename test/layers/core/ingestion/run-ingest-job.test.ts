import { readFile } from 'node:fs/promises';
import { type IngestItem, runIngestJob } from '#core/ingestion/index.js';
import { WorkerDocumentPreparer } from '#core/ingestion/worker-document-preparer.js';
import { retrieve } from '#core/retrieval/retrieve.js';
import { describeWithSharedData, sharedDataPath } from '../../../support/shared-data.js';
import { openTestStore } from '../../../support/test-store.js';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

const text = (value: string) => new TextEncoder().encode(value);
const item = (source: string, content: string | Uint8Array): IngestItem => ({
  source,
  read: async () => (typeof content === 'string' ? text(content) : content),
});

async function ingest(t: TestStore, items: IngestItem[]) {
  const jobId = await t.jobs.create(
    'test',
    items.map((i) => ({ source: i.source, action: i.action })),
  );
  return runIngestJob(jobId, items, { store: t.store, embedder: t.embedder, jobs: t.jobs });
}

const TRAVEL_POLICY = `# Travel policy

## Flights

International flights must be booked at least 21 days in advance through the corporate portal.
Economy class is the default for trips shorter than eight hours.

## Hotels

Hotel stays are reimbursed up to the city's daily limit.`;

describe('runIngestJob', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore();
  });
  afterEach(async () => {
    await t.close();
  });

  test('indexes a batch, records each result, and keeps an audit trail', async () => {
    // act
    const result = await ingest(t, [item('policy.md', TRAVEL_POLICY), item('notes.txt', 'Kangaroos\n\nKangaroos hop.')]);
    const job = await t.jobs.get(result.jobId);

    // assess
    expect(result.status).toBe('succeeded');
    expect(result.documents.map((d) => d.status)).toEqual(['indexed', 'indexed']);
    expect(job).toMatchObject({ status: 'succeeded', origin: 'test', progress: { total: 2, done: 2, failed: 0 } });
    expect(job!.finishedAt).toBeDefined();
    const policyEvents = job!.events.filter((e) => e.source === 'policy.md').map((e) => e.type);
    expect(policyEvents).toEqual(['received', 'parsed', 'chunked', 'embedded', 'stored']);
    expect(job!.events[0]!.type).toBe('job_created');
    expect(job!.events.at(-1)!.type).toBe('job_finished');
  });

  test('re-ingesting an unchanged document writes nothing; a changed one replaces its chunks', async () => {
    // prepare
    await ingest(t, [item('policy.md', TRAVEL_POLICY)]);
    const before = await t.db.query('SELECT id, body FROM chunks ORDER BY id');

    // act
    const again = await ingest(t, [item('policy.md', TRAVEL_POLICY)]);
    const afterAgain = await t.db.query('SELECT id, body FROM chunks ORDER BY id');
    const changed = await ingest(t, [item('policy.md', TRAVEL_POLICY.replace('21 days', '30 days'))]);
    const bodies = (await t.db.query<{ body: string }>('SELECT body FROM chunks')).map((r) => r.body).join('\n');

    // assess
    expect(again.documents[0]).toMatchObject({ status: 'unchanged', chunks: before.length });
    expect(afterAgain).toEqual(before);
    expect(changed.documents[0]!.status).toBe('indexed');
    expect(bodies).toContain('30 days');
    expect(bodies).not.toContain('21 days');
    expect(await t.store.countChunks()).toBe(before.length);
  });

  test('a delete action removes the document and its chunks', async () => {
    // prepare
    await ingest(t, [item('policy.md', TRAVEL_POLICY), item('keep.txt', 'Keep me\n\nStill here.')]);

    // act
    const result = await ingest(t, [{ source: 'policy.md', action: 'delete', read: async () => new Uint8Array() }]);

    // assess
    expect(result.documents[0]).toMatchObject({ status: 'deleted' });
    expect((await t.store.listDocuments()).map((d) => d.source)).toEqual(['keep.txt']);
  });

  test('bad documents fail with their reason while the rest of the batch is indexed', async () => {
    // act
    const result = await ingest(t, [
      item('good.md', TRAVEL_POLICY),
      item('empty.txt', '   \n\t  '),
      item('junk.txt', new Uint8Array([0, 1, 2, 3, 0, 255, 254, 0, 7, 8])),
      item('tool.exe', new Uint8Array([0x4d, 0x5a, 0, 0, 1, 2])),
      item('broken.pdf', text('%PDF-1.7\n1 0 obj << /Type /Catalog')),
    ]);

    // assess
    expect(result.status).toBe('partially_failed');
    const bySource = Object.fromEntries(result.documents.map((d) => [d.source, d]));
    expect(bySource['good.md']!.status).toBe('indexed');
    for (const bad of ['empty.txt', 'junk.txt', 'tool.exe', 'broken.pdf']) {
      expect(bySource[bad]).toMatchObject({ status: 'failed', chunks: 0 });
      expect(bySource[bad]!.error).toMatch(new RegExp(`^${bad.replace('.', '\\.')}: `));
    }
    expect(bySource['empty.txt']!.errorCode).toBe('empty');
    expect(bySource['junk.txt']!.errorCode).toBe('binary');
    expect(bySource['broken.pdf']!.errorCode).toBe('corrupt');
    expect((await t.store.listDocuments()).map((d) => d.source)).toEqual(['good.md']);
    const job = await t.jobs.get(result.jobId);
    expect(
      job!.events
        .filter((e) => e.type === 'failed')
        .map((e) => e.source)
        .sort(),
    ).toEqual(['broken.pdf', 'empty.txt', 'junk.txt', 'tool.exe']);
  });

  test('groups prepared on worker threads while the previous group is written give the same results, in order', async () => {
    // prepare: seven documents in groups of two, one of them bad, on a second store for comparison
    const items = [
      item('a.md', '# Alpha\n\nAlpha particles are helium nuclei.'),
      item('b.md', TRAVEL_POLICY),
      item('c.txt', '\u0000\u0001 not text'),
      item('d.md', '# Delta\n\nA river delta forms where a river meets the sea.'),
      item('e.md', '# Epsilon\n\nEpsilon is a small positive quantity.'),
      item('f.md', '# Phi\n\nThe golden ratio is about 1.618.'),
      item('g.md', '# Gamma\n\nGamma rays are high-energy photons.'),
    ];
    const preparer = new WorkerDocumentPreparer({ threads: 1 });
    const other = await openTestStore();
    try {
      const jobId = await t.jobs.create(
        'test',
        items.map((i) => ({ source: i.source })),
      );
      const otherJobId = await other.jobs.create(
        'test',
        items.map((i) => ({ source: i.source })),
      );

      // act
      const pipelined = await runIngestJob(jobId, items, { store: t.store, embedder: t.embedder, jobs: t.jobs, preparer }, { groupSize: 2 });
      const sequential = await runIngestJob(otherJobId, items, { store: other.store, embedder: other.embedder, jobs: other.jobs }, { groupSize: 100 });

      // assess
      expect(pipelined.status).toBe('partially_failed');
      expect(pipelined.documents.map((d) => [d.source, d.status, d.chunks])).toEqual(sequential.documents.map((d) => [d.source, d.status, d.chunks]));
      const chunks = 'SELECT c.ordinal, c.body, c.embedding::text FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY d.source, c.ordinal';
      expect(await t.db.query(chunks)).toEqual(await other.db.query(chunks));
      const events = (await t.jobs.get(jobId))!.events.filter((e) => e.source === 'g.md').map((e) => e.type);
      expect(events).toEqual(['received', 'parsed', 'chunked', 'embedded', 'stored']);
    } finally {
      await preparer.close();
      await other.close();
    }
  });

  test('a document that mentions special tokens is ingested as plain text', async () => {
    // act
    const result = await ingest(t, [item('tokenizers.md', '# Tokenizers\n\nGPT models end a text with <|endoftext|> and chat turns with <|im_end|>.')]);

    // assess
    expect(result.documents).toEqual([expect.objectContaining({ status: 'indexed', chunks: 1 })]);
  });

  test('a job where every document fails is failed', async () => {
    const result = await ingest(t, [item('empty.md', '')]);
    expect(result.status).toBe('failed');
  });
});

describeWithSharedData('hybrid retrieval over real documents', 'wiki-movie-plots-british/british_movie_plots.jsonl', () => {
  test('finds a known passage among hundreds of real distractors', async () => {
    // prepare: 300 real British film plots as distractors, plus one policy document
    const t = await openTestStore();
    try {
      const lines = (await readFile(sharedDataPath('wiki-movie-plots-british/british_movie_plots.jsonl'), 'utf8')).split('\n').slice(0, 300);
      const films = lines.map((line) => JSON.parse(line) as { title: string; year: number; director: string; plot: string; row: number });
      const items = films.map((film) => item(`films/${film.row}.txt`, `${film.title} (${film.year})\n\nDirected by ${film.director}.\n\n${film.plot}`));
      items.splice(150, 0, item('policies/travel.md', TRAVEL_POLICY));
      const result = await ingest(t, items);
      expect(result.status).toBe('succeeded');
      const target = films[42]!;

      // act
      const policy = await retrieve('How many days in advance must international flights be booked?', t);
      const film = await retrieve(`Who directed ${target.title}?`, t);

      // assess
      expect(policy.chunks[0]!.source).toBe('policies/travel.md');
      expect(policy.chunks[0]!.headingPath).toEqual(['Travel policy', 'Flights']);
      expect(policy.chunks[0]!.text).toContain('21 days in advance');
      expect(film.chunks.map((c) => c.source)).toContain(`films/${target.row}.txt`);
    } finally {
      await t.close();
    }
  });
});
