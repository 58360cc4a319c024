import { type IngestItem, runIngestJob } from '#core/ingestion/index.js';
import { EmbeddingProgress } from '#core/ingestion/embedding-progress.js';
import { LiveJobEvents } from '#core/ingestion/live-job-events.js';
import { openTestStore } from '../../../support/test-store.js';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

const TOPICS = ['violins', 'harbours', 'glaciers', 'printing presses', 'orchards', 'railways', 'comets', 'libraries'];
/** A hundred and twenty paragraphs: dozens of chunks at 64 tokens each. */
const LARGE_DOCUMENT = Array.from(
  { length: 120 },
  (_, i) =>
    `Paragraph ${i + 1} is about ${TOPICS[i % TOPICS.length]}. It describes how they were made, who used them, where they travelled and why people still write about them in the archive today.`,
).join('\n\n');

describe('EmbeddingProgress', () => {
  // total 100: a report every tenth (10 chunks) or after a second; none for the last batch.
  test.each([
    ['below a tenth, early', [[5, 0]], [undefined]],
    ['a tenth reached', [[10, 0]], ['10 of 100 chunk(s)']],
    [
      'small steps within a second stay quiet',
      [
        [10, 0],
        [4, 100],
        [4, 200],
      ],
      ['10 of 100 chunk(s)', undefined, undefined],
    ],
    [
      'another tenth since the last report',
      [
        [10, 0],
        [4, 100],
        [6, 200],
      ],
      ['10 of 100 chunk(s)', undefined, '20 of 100 chunk(s)'],
    ],
    [
      'a second since the last report',
      [
        [10, 0],
        [2, 1500],
      ],
      ['10 of 100 chunk(s)', '12 of 100 chunk(s)'],
    ],
    [
      'the last batch is left to the final event',
      [
        [50, 0],
        [50, 5000],
      ],
      ['50 of 100 chunk(s)', undefined],
    ],
  ] as const)('%s', (_, steps, expected) => {
    // prepare
    const progress = new EmbeddingProgress(100);

    // act
    const reports = steps.map(([count, now]) => progress.advance(count, now));

    // assess
    expect(reports).toEqual(expected);
  });
});

describe('embedding progress of a large document', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore();
  });
  afterEach(async () => {
    await t.close();
  });

  test('records "n of m chunk(s)" in order, throttled, between chunked and the final embedded event', async () => {
    // prepare
    const item: IngestItem = { source: 'large.md', read: async () => new TextEncoder().encode(LARGE_DOCUMENT) };
    const jobId = await t.jobs.create('test', [{ source: item.source }]);

    // act
    await runIngestJob(jobId, [item], {
      store: t.store,
      embedder: t.embedder,
      jobs: t.jobs,
      embeddingBatchSize: 4,
      chunking: { maxTokens: 64, overlapTokens: 0 },
    });
    const job = await t.jobs.get(jobId);

    // assess
    const events = job!.events.filter((e) => e.source === 'large.md');
    const chunks = Number(/^(\d+)/.exec(events.find((e) => e.type === 'chunked')!.detail)![1]);
    expect(chunks).toBeGreaterThanOrEqual(40);
    const batches = Math.ceil(chunks / 4);
    const progress = events.filter((e) => e.type === 'embedded' && / of /.test(e.detail)).map((e) => /^(\d+) of (\d+) chunk\(s\)$/.exec(e.detail)!);
    expect(progress.length).toBeGreaterThan(0);
    // One report per batch would be batches - 1 (the last is left to the final event).
    expect(progress.length).toBeLessThan(batches - 1);
    expect(progress.every((match) => Number(match[2]) === chunks)).toBe(true);
    const done = progress.map((match) => Number(match[1]));
    for (let i = 1; i < done.length; i += 1) expect(done[i]!).toBeGreaterThan(done[i - 1]!);
    expect(done.at(-1)!).toBeLessThan(chunks);
    expect(events.map((e) => (e.type === 'embedded' && / of /.test(e.detail) ? 'progress' : e.type)).filter((type, i, all) => type !== all[i - 1])).toEqual([
      'received',
      'parsed',
      'chunked',
      'progress',
      'embedded',
      'stored',
    ]);
  });

  test('stage events are written while the batch runs; the rest wait for the final write', async () => {
    // prepare
    const jobId = await t.jobs.create('test', [{ source: 'a.md' }]);
    const live = new LiveJobEvents(t.jobs);
    const at = new Date();

    // act
    live.push({ jobId, type: 'chunked', source: 'a.md', detail: '412 chunk(s)', at });
    live.push({ jobId, type: 'stored', source: 'a.md', detail: '412 chunk(s)', at });
    await live.settled();
    const during = (await t.jobs.get(jobId))!.events.filter((e) => e.source === 'a.md').map((e) => e.type);
    live.push({ jobId, type: 'stored', source: 'a.md', detail: 'again', at });
    await live.flush();
    const after = (await t.jobs.get(jobId))!.events.filter((e) => e.source === 'a.md').map((e) => e.type);

    // assess
    expect(during).toEqual(['chunked', 'stored']);
    expect(after).toEqual(['chunked', 'stored', 'stored']);
  });
});
