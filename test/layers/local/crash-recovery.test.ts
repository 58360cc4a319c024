import { PgliteDatabase } from '../../../layers/core/store/pglite-database.js';
import path from 'node:path';
import { uploadFiles, waitForJob } from '../../support/local-stack-harness.js';
import { startStackProcess } from '../../support/stack-process.js';
import { makeTempDir } from '../../support/temp-dir.js';

const DOCUMENTS = 20;

function documentText(i: number): string {
  const paragraphs = Array.from({ length: 60 }, (_, p) =>
    `Section ${p} of report ${i}. The regional office number ${i} recorded ${p * 7 + i} shipments of item ${p}-${i} during week ${p % 52}. ` +
      `Auditors reviewed batch ${i * 100 + p} and found it consistent with the ledger entry ${p}/${i}.`,
  );
  return `Report ${i}\n\n${paragraphs.join('\n\n')}`;
}

describe('crash recovery', () => {
  test('kill -9 in the middle of an ingest: on restart the work resumes, ends in a final state, with no duplicate rows', async () => {
    // prepare
    const temp = await makeTempDir();
    const env = { RAG_DATA_DIR: temp.dir };
    let stack = await startStackProcess(env);
    try {
      const upload = await uploadFiles(stack.url, Array.from({ length: DOCUMENTS }, (_, i) => ({ name: `report-${i}.txt`, content: documentText(i) })));
      const { jobId } = (await upload.json()) as { jobId: string };

      // act: kill the process hard once some, but not all, documents are done
      let progress = { done: 0, total: DOCUMENTS };
      for (let i = 0; i < 600 && progress.done === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        const body = (await (await fetch(`${stack.url}/api/jobs/${jobId}`)).json()) as { progress?: typeof progress };
        if (!body.progress) throw new Error(`unexpected job response ${JSON.stringify(body)}`);
        progress = body.progress;
      }
      await stack.stop('SIGKILL');
      expect(progress.done).toBeGreaterThan(0);
      expect(progress.done).toBeLessThan(DOCUMENTS);

      stack = await startStackProcess(env);
      const job = await waitForJob(stack.url, jobId, {}, 120_000);
      await stack.stop();

      // assess
      expect(job.status).toBe('succeeded');
      expect(job.documents.every((d) => d.status === 'indexed' || d.status === 'unchanged')).toBe(true);
      const db = await PgliteDatabase.open({ dataDir: path.join(temp.dir, 'pgdata') });
      try {
        const [counts] = await db.query<{ documents: number; chunks: number; expected: number; distinct_slots: number }>(
          `SELECT (SELECT count(*)::int FROM documents) AS documents,
                  (SELECT count(*)::int FROM chunks) AS chunks,
                  (SELECT coalesce(sum(chunk_count), 0)::int FROM documents) AS expected,
                  (SELECT count(DISTINCT (document_id, ordinal))::int FROM chunks) AS distinct_slots`,
        );
        expect(counts!.documents).toBe(DOCUMENTS);
        expect(counts!.chunks).toBe(counts!.expected);
        expect(counts!.distinct_slots).toBe(counts!.chunks);
        expect(await db.query('SELECT id FROM queue_messages')).toEqual([]);
      } finally {
        await db.close();
      }
    } finally {
      await stack.stop('SIGKILL');
      await temp.cleanup();
    }
  }, 240_000);
});
