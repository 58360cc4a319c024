import { sha256Hex } from '#core/store/stable-id.js';
import { startTestStack, uploadFiles, waitForJob } from '../support/local-stack-harness.js';
import { chunkBodies, inconsistentDocuments } from './support/store-invariants.js';

/**
 * The same file uploaded many times at once, and a file replaced while its job runs: the
 * index ends with one document holding the last content, its chunks written once.
 */
const PREFIX = 'api-uploads/';

/** A document of several chunks; `marker` is in every paragraph, so any leftover of another version shows. */
function handbook(marker: string, paragraphs: number): Uint8Array {
  const body = Array.from(
    { length: paragraphs },
    (_, i) =>
      `Section ${i + 1} of the ${marker} handbook explains rule ${i + 1}: requests are answered within ${i + 2} working days, and the ${marker} desk keeps a record of each one.`,
  );
  return new TextEncoder().encode(`# ${marker} handbook\n\n${body.join('\n\n')}\n`);
}

describe('concurrent uploads over HTTP', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;

  beforeAll(async () => {
    t = await startTestStack({ RAG_RATE_LIMIT_PER_MINUTE: '0' });
  });

  afterAll(async () => {
    await t?.close();
  });

  const db = () => t.stack.runtime.db;
  const chunkCount = async (source: string) =>
    Number(
      (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.source = $1', [source]))[0]!.n,
    );
  const documentRows = async (source: string) =>
    db().query<{ content_hash: string; chunk_count: number }>('SELECT content_hash, chunk_count FROM documents WHERE source = $1', [source]);

  async function upload(name: string, content: Uint8Array): Promise<string> {
    const response = await uploadFiles(t.url, [{ name, content }]);
    expect(response.status).toBe(202);
    return ((await response.json()) as { jobId: string }).jobId;
  }

  test('the same file uploaded 20 times at once: one document, its chunks once, every job final', async () => {
    // prepare: the chunk count of this content, from one plain upload under another name
    const content = handbook('Procurement', 40);
    await waitForJob(t.url, await upload('reference.md', content));
    const expectedChunks = await chunkCount(`${PREFIX}reference.md`);
    expect(expectedChunks).toBeGreaterThan(3);

    // act
    const jobIds = await Promise.all(Array.from({ length: 20 }, () => upload('procurement.md', content)));
    const jobs = await Promise.all(jobIds.map((jobId) => waitForJob(t.url, jobId)));
    await t.stack.drained();

    // assess: every job final and happy, one document, chunks written once
    for (const job of jobs) {
      expect(job.status).toBe('succeeded');
      expect(job.documents).toEqual([expect.objectContaining({ source: `${PREFIX}procurement.md`, status: expect.stringMatching(/^(indexed|unchanged)$/) })]);
    }
    expect(await documentRows(`${PREFIX}procurement.md`)).toEqual([{ content_hash: sha256Hex(content), chunk_count: expectedChunks }]);
    expect(await chunkCount(`${PREFIX}procurement.md`)).toBe(expectedChunks);
    expect(await chunkBodies(db(), `${PREFIX}procurement.md`)).toEqual(await chunkBodies(db(), `${PREFIX}reference.md`));
    const all = (await (await fetch(`${t.url}/api/jobs?limit=200`)).json()) as { status: string }[];
    expect(all.filter((job) => !['succeeded', 'failed', 'partially_failed'].includes(job.status))).toEqual([]);
    expect(await inconsistentDocuments(db())).toEqual([]);
  });

  test.each([
    ['immediately', false],
    ['once the first job is running', true],
  ])('a file replaced %s: the final document is exactly the second version, nothing of the first left', async (_, waitForRunning) => {
    // prepare
    const name = `policy-${waitForRunning ? 'running' : 'immediate'}.md`;
    const first = handbook('Obsolete', 120);
    const second = handbook('Current', 30);
    await waitForJob(t.url, await upload(`reference-${name}`, second));
    const expectedBodies = await chunkBodies(db(), `${PREFIX}reference-${name}`);

    // act
    const firstJob = await upload(name, first);
    if (waitForRunning) {
      for (let status = ''; status !== 'running' && !['succeeded', 'failed'].includes(status); await new Promise((resolve) => setTimeout(resolve, 5))) {
        status = ((await (await fetch(`${t.url}/api/jobs/${firstJob}`)).json()) as { status: string }).status;
      }
    }
    const secondJob = await upload(name, second);
    const finished = await Promise.all([waitForJob(t.url, firstJob), waitForJob(t.url, secondJob)]);
    await t.stack.drained();

    // assess
    for (const job of finished) expect(job.status).toBe('succeeded');
    const bodies = await chunkBodies(db(), `${PREFIX}${name}`);
    expect(bodies.some((body) => body.includes('Obsolete'))).toBe(false);
    expect(bodies).toEqual(expectedBodies);
    expect(await documentRows(`${PREFIX}${name}`)).toEqual([{ content_hash: sha256Hex(second), chunk_count: expectedBodies.length }]);
    expect(await inconsistentDocuments(db())).toEqual([]);
  });

  test('a job that reports success for an upload means that upload is what is indexed', async () => {
    // prepare
    const first = handbook('Draft', 150);
    const second = handbook('Final', 10);

    // act: the second version's own job is the one the client waits for
    const firstJob = await upload('contract.md', first);
    const secondJob = await upload('contract.md', second);
    const job = await waitForJob(t.url, secondJob);
    const rowsWhenReported = await documentRows(`${PREFIX}contract.md`);
    await waitForJob(t.url, firstJob);
    await t.stack.drained();

    // assess
    expect(job.status).toBe('succeeded');
    expect(rowsWhenReported.map((row) => row.content_hash)).toEqual([sha256Hex(second)]);
  });
});
