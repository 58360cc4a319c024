import path from 'node:path';
import { PgliteDatabase } from '#core/store/pglite-database.js';
import { uploadFiles, waitForJob } from '../../support/local-stack-harness.js';
import { type StackProcess, startStackProcess } from '../../support/stack-process.js';
import { makeTempDir } from '../../support/temp-dir.js';

const KILLS = 10;
const DOCUMENTS_PER_UPLOAD = 8;

function documentText(batch: number, i: number): string {
  const paragraphs = Array.from(
    { length: 50 },
    (_, p) =>
      `Section ${p} of report ${batch}-${i}. The regional office recorded ${p * 7 + i} shipments of item ${p}-${i} during week ${p % 52}. ` +
      `Auditors reviewed batch ${batch * 1000 + i * 100 + p} and found it consistent with ledger entry ${p}/${i}/${batch}.`,
  );
  return `Report ${batch}-${i}\n\n${paragraphs.join('\n\n')}`;
}

/** A small deterministic generator, so a failing run can be replayed with the same kill points. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('crash recovery', () => {
  test(`kill -9 at ${KILLS} random points during ingests: every accepted file ends up indexed exactly once and every job ends final`, async () => {
    // prepare
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
    const random = seededRandom(seed);
    const temp = await makeTempDir();
    const env = { RAG_DATA_DIR: temp.dir };
    const accepted: { jobId: string; sources: string[] }[] = [];
    let stack: StackProcess | undefined;
    try {
      // act: upload a batch, kill the process hard at a random moment, restart; ten times
      for (let kill = 0; kill < KILLS; kill += 1) {
        stack = await startStackProcess(env);
        const files = Array.from({ length: DOCUMENTS_PER_UPLOAD }, (_, i) => ({ name: `report-${kill}-${i}.txt`, content: documentText(kill, i) }));
        const upload = await uploadFiles(stack.url, files);
        if (upload.status === 202) {
          accepted.push({ jobId: ((await upload.json()) as { jobId: string }).jobId, sources: files.map((f) => `api-uploads/${f.name}`) });
        }
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 2500)));
        await stack.stop('SIGKILL');
      }
      stack = await startStackProcess(env);
      const jobs = [];
      for (const { jobId } of accepted) jobs.push(await waitForJob(stack.url, jobId, {}, 180_000));
      await stack.stop();

      // assess
      expect(accepted).toHaveLength(KILLS);
      for (const job of jobs) {
        const errors = job.documents.filter((d) => d.status === 'failed').map((d) => `${d.source}: ${d.error}`);
        expect({ seed, status: job.status, errors }).toEqual({ seed, status: 'succeeded', errors: [] });
        expect(job.documents.every((d) => d.status === 'indexed' || d.status === 'unchanged')).toBe(true);
      }
      const db = await PgliteDatabase.open({ dataDir: path.join(temp.dir, 'pgdata') });
      try {
        const documents = await db.query<{ source: string; chunk_count: number }>('SELECT source, chunk_count FROM documents ORDER BY source');
        expect(documents.map((d) => d.source)).toEqual(accepted.flatMap((a) => a.sources).sort());
        const [counts] = await db.query<{ chunks: number; expected: number; distinct_slots: number; unfinished: number; queued: number }>(
          `SELECT (SELECT count(*)::int FROM chunks) AS chunks,
                  (SELECT coalesce(sum(chunk_count), 0)::int FROM documents) AS expected,
                  (SELECT count(DISTINCT (document_id, ordinal))::int FROM chunks) AS distinct_slots,
                  (SELECT count(*)::int FROM jobs WHERE finished_at IS NULL) AS unfinished,
                  (SELECT count(*)::int FROM queue_messages) AS queued`,
        );
        expect(counts).toEqual({ chunks: counts!.expected, expected: counts!.expected, distinct_slots: counts!.expected, unfinished: 0, queued: 0 });
      } finally {
        await db.close();
      }
    } finally {
      await stack?.stop('SIGKILL');
      await temp.cleanup();
    }
  }, 600_000);
});
