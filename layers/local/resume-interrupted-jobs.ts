import type { JobRepository } from '#core/ingestion/job-repository.js';
import type { PostgresQueue } from '#core/queue/postgres-queue.js';
import type { DeadLetter } from '#core/queue/queue.js';
import { buildS3ObjectEvent, parseS3ObjectEvent } from '#core/queue/s3-event.js';
import type { ObjectStore } from '#core/object-store/object-store.js';

export interface ResumeInterruptedJobsResult {
  /** Jobs whose documents all had results but whose status was never set. */
  finished: number;
  /** Pending documents whose queue message was never sent, now sent. */
  requeued: number;
  /** Pending documents whose message had reached the dead-letter table, now recorded as failed. */
  deadLettered: number;
}

const keyOf = (body: string): string | undefined => {
  try {
    return parseS3ObjectEvent(body).key;
  } catch {
    return undefined;
  }
};

/**
 * Brings every unfinished job back to a state the queue worker can finish, after the process
 * was killed at any point. Run once at start, before the worker and the API (this process holds
 * the data folder, so nothing else is writing):
 *
 * - a job with no pending document gets its final status;
 * - a pending document with no message in the queue (killed between creating the job and sending
 *   the event) gets its event sent again — events are applied by the object's current state, so
 *   an extra one never duplicates a document;
 * - a pending document whose message was dead-lettered just before the kill is recorded as failed.
 */
export async function resumeInterruptedJobs(deps: {
  jobs: JobRepository;
  queue: PostgresQueue;
  objects: ObjectStore;
  bucket: string;
}): Promise<ResumeInterruptedJobsResult> {
  const result: ResumeInterruptedJobsResult = { finished: 0, requeued: 0, deadLettered: 0 };
  for (const jobId of await deps.jobs.unfinished()) {
    if ((await deps.jobs.finishIfComplete(jobId)) !== undefined) result.finished += 1;
  }
  const pending = await deps.jobs.pendingDocuments();
  if (pending.length === 0) return result;

  const queued = new Set((await deps.queue.bodies()).map(keyOf));
  // Dead letters by object key, newest first (the order the queue lists them in).
  const deadLettersByKey = new Map<string | undefined, DeadLetter[]>();
  for (const letter of await deps.queue.deadLetters(10_000)) {
    const key = keyOf(letter.body);
    const letters = deadLettersByKey.get(key);
    if (letters) letters.push(letter);
    else deadLettersByKey.set(key, [letter]);
  }
  const toSend = new Map<string, string>();
  for (const document of pending) {
    if (queued.has(document.source)) continue;
    const letter = deadLettersByKey.get(document.source)?.find((candidate) => candidate.deadLetteredAt >= document.jobCreatedAt);
    if (letter) {
      await deps.jobs.recordDeadLetter(document.jobId, document.source, letter.reason);
      result.deadLettered += 1;
      continue;
    }
    if (toSend.has(document.source)) continue;
    const type = document.action === 'delete' ? 'Object Deleted' : 'Object Created';
    const size = type === 'Object Created' ? (await deps.objects.head(document.source))?.size : undefined;
    toSend.set(document.source, JSON.stringify(buildS3ObjectEvent(type, deps.bucket, document.source, size)));
  }
  await deps.queue.send([...toSend.values()]);
  result.requeued = toSend.size;
  return result;
}
