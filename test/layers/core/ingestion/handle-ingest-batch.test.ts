import type { SQSEvent } from 'aws-lambda';
import { handleIngestBatch, type IngestBatchDependencies } from '#core/ingestion/handle-ingest-batch.js';
import { FilesystemObjectStore } from '#core/object-store/filesystem-object-store.js';
import type { ObjectStore } from '#core/object-store/object-store.js';
import { JobRepository } from '#core/ingestion/job-repository.js';
import { buildS3ObjectEvent } from '#core/queue/s3-event.js';
import type { Database } from '#core/store/database.js';
import { makeTempDir } from '../../../support/temp-dir.js';
import { openTestStore } from '../../../support/test-store.js';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

let nextId = 0;
function sqsEvent(bodies: { body: string; receiveCount?: number }[]): SQSEvent {
  return {
    Records: bodies.map(({ body, receiveCount }) => ({
      messageId: `m${++nextId}`,
      receiptHandle: `r${nextId}`,
      body,
      attributes: { ApproximateReceiveCount: String(receiveCount ?? 1), SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest',
      awsRegion: 'us-east-1',
    })),
  };
}
const created = (key: string, receiveCount?: number) => ({ body: JSON.stringify(buildS3ObjectEvent('Object Created', 'raw', key)), receiveCount });
const deleted = (key: string) => ({ body: JSON.stringify(buildS3ObjectEvent('Object Deleted', 'raw', key)) });
const enc = (text: string) => new TextEncoder().encode(text);

describe('handleIngestBatch', () => {
  let t: TestStore;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let objects: FilesystemObjectStore;
  let deps: IngestBatchDependencies;

  beforeEach(async () => {
    t = await openTestStore();
    temp = await makeTempDir();
    objects = new FilesystemObjectStore(temp.dir);
    deps = { store: t.store, embedder: t.embedder, jobs: t.jobs, objects, maxReceiveCount: 3 };
  });
  afterEach(async () => {
    await t.close();
    await temp.cleanup();
  });

  test('at-least-once redelivery of the same event writes the document once', async () => {
    // prepare
    await objects.put('alice/guide.md', enc('# Guide\n\nKangaroos hop across Australia.'));

    // act
    const first = await handleIngestBatch(sqsEvent([created('alice/guide.md'), created('alice/guide.md'), created('alice/guide.md')]), deps);
    const chunksAfterFirst = await t.db.query('SELECT id FROM chunks ORDER BY id');
    const again = await handleIngestBatch(sqsEvent([created('alice/guide.md', 2)]), deps);

    // assess
    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(await t.db.query('SELECT id FROM chunks ORDER BY id')).toEqual(chunksAfterFirst);
    expect(await t.store.listDocuments()).toHaveLength(1);
    const jobs = await t.jobs.list();
    expect(jobs).toHaveLength(2);
    const documents = await Promise.all(jobs.map(async (job) => (await t.jobs.get(job.id))!.documents[0]!.status));
    expect(documents.sort()).toEqual(['indexed', 'unchanged']);
  });

  test('claims the job that announced the upload, and a poison message fails alone', async () => {
    // prepare
    await objects.put('api-uploads/a.md', enc('# A\n\nAlpha text.'));
    await objects.put('api-uploads/b.txt', enc('\u0000\u0001\u0002 binary junk'));
    const jobId = await t.jobs.create('http', [{ source: 'api-uploads/a.md' }, { source: 'api-uploads/b.txt' }]);
    const event = sqsEvent([created('api-uploads/a.md'), { body: 'not json at all' }, created('api-uploads/b.txt')]);

    // act
    const response = await handleIngestBatch(event, deps);
    const job = await t.jobs.get(jobId);

    // assess: only the poison message is reported; the bad document is a final result, not a retry
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }]);
    expect(job).toMatchObject({ status: 'partially_failed', origin: 'http' });
    expect(job!.documents).toEqual([
      expect.objectContaining({ source: 'api-uploads/a.md', status: 'indexed' }),
      expect.objectContaining({ source: 'api-uploads/b.txt', status: 'failed', errorCode: 'binary' }),
    ]);
  });

  test('a transient failure is retried, then recorded as dead-lettered on the last attempt', async () => {
    // prepare: an object store that lists the object but fails to serve it
    await objects.put('alice/x.md', enc('# X\n\nText.'));
    const broken: ObjectStore = {
      ...objects,
      get: async () => {
        throw new Error('connection reset');
      },
      head: objects.head.bind(objects),
      put: objects.put.bind(objects),
      delete: objects.delete.bind(objects),
      list: objects.list.bind(objects),
    };
    const jobId = await t.jobs.create('sftp', [{ source: 'alice/x.md' }]);

    // act
    const firstTry = await handleIngestBatch(sqsEvent([created('alice/x.md', 1)]), { ...deps, objects: broken });
    const afterFirst = await t.jobs.get(jobId);
    const lastTry = await handleIngestBatch(sqsEvent([created('alice/x.md', 3)]), { ...deps, objects: broken });
    const afterLast = await t.jobs.get(jobId);

    // assess
    expect(firstTry.batchItemFailures).toHaveLength(1);
    expect(afterFirst!.status).toBe('running');
    expect(afterFirst!.events.map((e) => e.type)).toContain('retried');
    expect(lastTry.batchItemFailures).toHaveLength(1);
    expect(afterLast!.status).toBe('failed');
    expect(afterLast!.documents[0]).toMatchObject({ status: 'failed', errorCode: 'object_store_error' });
    expect(afterLast!.events.find((e) => e.type === 'dead_lettered')!.detail).toContain('connection reset');
  });

  test('events apply by state: a delete only removes a document whose object is gone', async () => {
    // prepare
    await objects.put('alice/a.md', enc('# A\n\nAlpha.'));
    await objects.put('alice/b.md', enc('# B\n\nBeta.'));
    await handleIngestBatch(sqsEvent([created('alice/a.md'), created('alice/b.md')]), deps);
    await objects.delete('alice/a.md');

    // act: a is really deleted; b's delete event arrives late, after b was uploaded again
    await handleIngestBatch(sqsEvent([deleted('alice/a.md'), deleted('alice/b.md')]), deps);

    // assess
    expect((await t.store.listDocuments()).map((d) => d.source)).toEqual(['alice/b.md']);
  });

  test('a created event for an object deleted since removes its document', async () => {
    // prepare
    await objects.put('alice/a.md', enc('# A\n\nAlpha.'));
    await handleIngestBatch(sqsEvent([created('alice/a.md')]), deps);
    await objects.delete('alice/a.md');

    // act
    await handleIngestBatch(sqsEvent([created('alice/a.md', 2)]), deps);

    // assess
    expect(await t.store.listDocuments()).toEqual([]);
  });

  test('a failure while the final status is written loses nothing: the redelivery finishes the same job', async () => {
    // prepare: the database fails on the statement that sets the job's final status, once
    await objects.put('alice/a.md', enc('# A\n\nAlpha.'));
    const jobId = await t.jobs.create('sftp', [{ source: 'alice/a.md' }]);
    let failures = 1;
    const flaky: Database = Object.assign(Object.create(t.db) as Database, {
      transaction: <T>(work: (tx: Parameters<Parameters<Database['transaction']>[0]>[0]) => Promise<T>) =>
        t.db.transaction((tx) =>
          work({
            query: async (text: string, params?: readonly unknown[]) => {
              if (/SET status = \$2, finished_at/.test(text) && failures-- > 0) throw new Error('connection lost');
              return tx.query(text, params);
            },
          } as typeof tx),
        ),
    });

    // act
    await expect(handleIngestBatch(sqsEvent([created('alice/a.md', 1)]), { ...deps, jobs: new JobRepository(flaky) })).rejects.toThrow('connection lost');
    const afterFailure = await t.jobs.get(jobId);
    const redelivery = await handleIngestBatch(sqsEvent([created('alice/a.md', 2)]), deps);

    // assess: the results were rolled back with the status, so the redelivery still finds the job
    expect(afterFailure!.documents[0]!.status).toBe('pending');
    expect(redelivery.batchItemFailures).toEqual([]);
    expect(await t.jobs.list()).toEqual([expect.objectContaining({ id: jobId, status: 'succeeded' })]);
    expect((await t.jobs.get(jobId))!.documents[0]!.status).toMatch(/^(indexed|unchanged)$/);
  });

  test.each([
    ['encoded spaces and parentheses (S3 form encoding)', 'alice/my+file+%281%29.md', 'alice/my file (1).md'],
    ['a literal plus and an accent, encoded', 'alice/r%C3%A9sum%C3%A9%2Bnotes.md', 'alice/résumé+notes.md'],
    ['%20 for a space', 'alice/two%20words.md', 'alice/two words.md'],
    ['a key sent as is', 'alice/résumé+notes.md', 'alice/résumé+notes.md'],
  ])('an event key with %s is indexed under the real name, not recorded as a delete', async (_case, eventKey, realKey) => {
    // prepare
    await objects.put(realKey, enc('# Notes\n\nPlatypuses lay eggs.'));

    // act
    const response = await handleIngestBatch(sqsEvent([created(eventKey)]), deps);

    // assess
    expect(response.batchItemFailures).toEqual([]);
    expect((await t.store.listDocuments()).map((d) => d.source)).toEqual([realKey]);
    const [job] = await t.jobs.list();
    expect((await t.jobs.get(job!.id))!.documents).toEqual([expect.objectContaining({ source: realKey, status: 'indexed' })]);
  });

  test('an encoded delete event removes the document stored under the real name', async () => {
    // prepare
    await objects.put('alice/my file.md', enc('# Notes\n\nWombats dig burrows.'));
    await handleIngestBatch(sqsEvent([created('alice/my file.md')]), deps);
    await objects.delete('alice/my file.md');

    // act
    await handleIngestBatch(sqsEvent([deleted('alice/my+file.md')]), deps);

    // assess
    expect(await t.store.listDocuments()).toEqual([]);
  });

  test('folder markers and partial .filepart uploads create no job, no failure and no download', async () => {
    // prepare: a store that records downloads
    await objects.put('alice/report.md.filepart', enc('# Half a report'));
    const downloads: string[] = [];
    const recording: ObjectStore = {
      put: objects.put.bind(objects),
      head: objects.head.bind(objects),
      delete: objects.delete.bind(objects),
      list: objects.list.bind(objects),
      get: async (key) => {
        downloads.push(key);
        return objects.get(key);
      },
    };

    // act
    const response = await handleIngestBatch(sqsEvent([created('alice/dir/'), created('alice/report.md.filepart'), deleted('alice/report.md.filepart')]), {
      ...deps,
      objects: recording,
    });

    // assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await t.jobs.list()).toEqual([]);
    expect(downloads).toEqual([]);
  });

  test('an object over the size limit is refused before download, and its batch-mates are indexed', async () => {
    // prepare
    await objects.put('alice/huge.md', enc(`# Huge\n\n${'x'.repeat(2000)}`));
    await objects.put('alice/small.md', enc('# Small\n\nKoalas sleep most of the day.'));
    const downloads: string[] = [];
    const recording: ObjectStore = {
      put: objects.put.bind(objects),
      head: objects.head.bind(objects),
      delete: objects.delete.bind(objects),
      list: objects.list.bind(objects),
      get: async (key) => {
        downloads.push(key);
        return objects.get(key);
      },
    };

    // act
    const response = await handleIngestBatch(sqsEvent([created('alice/huge.md'), created('alice/small.md')]), {
      ...deps,
      objects: recording,
      maxDocumentBytes: 1000,
    });

    // assess
    expect(response.batchItemFailures).toEqual([]);
    expect(downloads).toEqual(['alice/small.md']);
    const [job] = await t.jobs.list();
    expect((await t.jobs.get(job!.id))!.documents).toEqual([
      expect.objectContaining({ source: 'alice/huge.md', status: 'failed', errorCode: 'too_large' }),
      expect.objectContaining({ source: 'alice/small.md', status: 'indexed' }),
    ]);
  });
});
