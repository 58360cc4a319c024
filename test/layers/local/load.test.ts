import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startTestStack, uploadFiles, waitForJob } from '../../support/local-stack-harness.js';

// A real garbage collection before each reading, so the comparison sees retained objects, not garbage.
setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;
const retainedHeap = () => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

/** Runs `total` requests with `concurrency` workers; returns every status. Bounded in count, loopback only. */
async function load(total: number, concurrency: number, request: (i: number) => Promise<number>): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next;
        next += 1;
        statuses.push(await request(i));
      }
    }),
  );
  return statuses;
}

const QUESTIONS = ['How do I upload documents?', '¿Dónde se guardan los documentos?', 'hola', 'Who can ask questions?', '¿Cómo pregunto?'];

describe('load', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  beforeAll(async () => {
    t = await startTestStack({ RAG_SAMPLE: '1', RAG_RATE_LIMIT_PER_MINUTE: '0' });
    await t.stack.drained();
  });
  afterAll(async () => {
    await t.close();
  });

  const ask = (i: number) =>
    fetch(`${t.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: QUESTIONS[i % QUESTIONS.length] }),
    }).then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    });

  test('concurrent chat during concurrent ingest: no errors and no lost jobs', async () => {
    // act
    const uploads = Array.from({ length: 3 }, (_, batch) =>
      uploadFiles(
        t.url,
        Array.from({ length: 6 }, (_, i) => ({
          name: `load-${batch}-${i}.md`,
          content: `# Load ${batch} ${i}\n\n${'Quarterly figures for the northern region. '.repeat(200)}`,
        })),
      ),
    );
    const chats = load(200, 8, ask);
    const [statuses, ...responses] = await Promise.all([chats, ...uploads]);
    const jobs = await Promise.all(responses.map(async (response) => waitForJob(t.url, ((await response.json()) as { jobId: string }).jobId)));

    // assess
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(jobs.map((job) => job.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect((await t.stack.runtime.store.listDocuments()).filter((d) => d.source.startsWith('api-uploads/load-'))).toHaveLength(18);
  });

  test('memory stays flat over a soak of a thousand requests', async () => {
    // prepare: warm up caches, compiled code and pools
    await load(300, 8, ask);
    const baseline = retainedHeap();

    // act
    const statuses = await load(1000, 8, ask);
    const after = retainedHeap();

    // assess: a per-request leak of even 10 KB would retain 10 MB here. (RSS is not used: the
    // embedded database's WASM memory grows to its cache size and never shrinks, leak or not.)
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect((after - baseline) / 1024 / 1024).toBeLessThan(10);
    // 1,300 chats take about 10 s alone and more beside the rest of the suite on a small machine; this test measures memory, not speed.
  }, 300_000);
});
