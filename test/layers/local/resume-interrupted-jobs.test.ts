import { FilesystemObjectStore } from '#core/object-store/filesystem-object-store.js';
import { PostgresQueue } from '#core/queue/postgres-queue.js';
import { buildS3ObjectEvent, parseS3ObjectEvent } from '#core/queue/s3-event.js';
import { resumeInterruptedJobs } from '#local/resume-interrupted-jobs.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { openTestStore } from '../../support/test-store.js';

const enc = (text: string) => new TextEncoder().encode(text);

describe('resumeInterruptedJobs', () => {
  let t: Awaited<ReturnType<typeof openTestStore>>;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let objects: FilesystemObjectStore;
  let queue: PostgresQueue;

  beforeEach(async () => {
    t = await openTestStore();
    temp = await makeTempDir();
    objects = new FilesystemObjectStore(temp.dir);
    queue = new PostgresQueue(t.db, { maxReceiveCount: 1 });
  });
  afterEach(async () => {
    await t.close();
    await temp.cleanup();
  });

  test('finishes, re-sends or fails each kind of interrupted job, and leaves queued work alone', async () => {
    // prepare: four jobs as a kill -9 can leave them
    const recorded = await t.jobs.create('http', [{ source: 'api-uploads/done.md' }]);
    await t.jobs.recordDocument(recorded, 'api-uploads/done.md', { status: 'indexed', chunks: 1 });
    await objects.put('api-uploads/unsent.md', enc('# Unsent\n\nNever queued.'));
    await objects.put('alice/gone.md', enc('# Gone'));
    const unsent = await t.jobs.create('http', [{ source: 'api-uploads/unsent.md' }]);
    const unsentDelete = await t.jobs.create('sftp', [{ source: 'alice/gone.md', action: 'delete' }]);
    const dead = await t.jobs.create('sftp', [{ source: 'alice/poison.md' }]);
    await queue.send([JSON.stringify(buildS3ObjectEvent('Object Created', 'local-raw', 'alice/poison.md'))]);
    await queue.release((await queue.receive(1)).messages[0]!.receiptHandle, 'parser crashed', 0);
    await queue.receive(10); // moves the poison message (received once, maxReceiveCount 1) to the dead letters
    const queued = await t.jobs.create('http', [{ source: 'api-uploads/queued.md' }]);
    await queue.send([JSON.stringify(buildS3ObjectEvent('Object Created', 'local-raw', 'api-uploads/queued.md'))]);

    // act
    const result = await resumeInterruptedJobs({ jobs: t.jobs, queue, objects, bucket: 'local-raw' });
    const again = await resumeInterruptedJobs({ jobs: t.jobs, queue, objects, bucket: 'local-raw' });

    // assess
    expect(result).toEqual({ finished: 1, requeued: 2, deadLettered: 1 });
    expect(again).toEqual({ finished: 0, requeued: 0, deadLettered: 0 });
    expect((await t.jobs.get(recorded))!.status).toBe('succeeded');
    expect((await t.jobs.get(dead))!).toMatchObject({
      status: 'failed',
      documents: [expect.objectContaining({ errorCode: 'dead_lettered', error: 'alice/poison.md: parser crashed' })],
    });
    for (const jobId of [unsent, unsentDelete, queued]) expect((await t.jobs.get(jobId))!.status).toBe('queued');
    const sent = (await queue.bodies()).map((body) => parseS3ObjectEvent(body));
    expect(sent.map((event) => [event.type, event.key]).sort()).toEqual([
      ['Object Created', 'api-uploads/queued.md'],
      ['Object Created', 'api-uploads/unsent.md'],
      ['Object Deleted', 'alice/gone.md'],
    ]);
  });
});
