import { PGlite } from '@electric-sql/pglite';
import { freePort } from '../../support/free-port.js';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { chat, startTestStack, uploadFiles, waitForJob } from '../../support/local-stack-harness.js';

describe('database outage while the service runs (DATABASE_URL)', () => {
  test('answers 503 with a clear error while the database is away, recovers when it returns, and loses no work', async () => {
    // prepare: a PostgreSQL server (PGlite over the wire protocol) the stack reaches with DATABASE_URL
    const pglite = await PGlite.create({ extensions: { vector } });
    const port = await freePort();
    let server = new PGLiteSocketServer({ db: pglite, port, host: '127.0.0.1', maxConnections: 1 });
    await server.start();
    const t = await startTestStack({ DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, RAG_DB_POOL_SIZE: '1' });
    try {
      const before = await uploadFiles(t.url, [{ name: 'before.md', content: '# Before\n\nWritten before the outage.' }]);
      const beforeJob = ((await before.json()) as { jobId: string }).jobId;
      await waitForJob(t.url, beforeJob);

      // prepare: work accepted just before the outage, not yet picked up by the worker
      await t.stack.worker.stop();
      const during = await uploadFiles(t.url, [{ name: 'during.md', content: '# During\n\nAccepted just before the outage.' }]);
      const duringJob = ((await during.json()) as { jobId: string }).jobId;

      // act: the database goes away while the worker polls
      await server.stop();
      t.stack.worker.start();
      const health = await fetch(`${t.url}/api/health`);
      const healthBody = (await health.json()) as { error: { code: string; message: string } };
      const asked = await chat(t.url, 'What was written before the outage?');
      const jobs = await fetch(`${t.url}/api/jobs`);

      // assess
      expect(health.status).toBe(503);
      expect(healthBody.error.code).toBe('database_unavailable');
      expect(healthBody.error.message).toMatch(/database is unavailable/i);
      expect(asked.status).toBe(503);
      expect(jobs.status).toBe(503);

      // act: it comes back
      server = new PGLiteSocketServer({ db: pglite, port, host: '127.0.0.1', maxConnections: 1 });
      await server.start();
      let recovered = 0;
      for (let i = 0; i < 50 && recovered !== 200; i += 1) {
        recovered = (await fetch(`${t.url}/api/health`)).status;
        if (recovered !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const after = await uploadFiles(t.url, [{ name: 'after.md', content: '# After\n\nWritten after the outage.' }]);
      const afterJob = await waitForJob(t.url, ((await after.json()) as { jobId: string }).jobId);
      const duringResult = await waitForJob(t.url, duringJob);
      const answer = await chat(t.url, 'What was written before the outage?');

      // assess
      expect(recovered).toBe(200);
      expect(afterJob.status).toBe('succeeded');
      expect(duringResult.status).toBe('succeeded');
      expect(answer.status).toBe(200);
      expect(answer.body.citations[0].source).toBe('api-uploads/before.md');
      expect((await t.stack.runtime.store.listDocuments()).map((d) => d.source)).toEqual([
        'api-uploads/after.md',
        'api-uploads/before.md',
        'api-uploads/during.md',
      ]);
    } finally {
      await t.close();
      await server.stop().catch(() => {});
      await pglite.close();
    }
  });
});
