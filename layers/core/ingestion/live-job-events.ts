import type { JobEventType } from './job.js';
import type { JobRepository } from './job-repository.js';

type PendingEvent = Parameters<JobRepository['appendEvents']>[0][number];

/** Events that say how far a document in progress has come: worth showing while it is worked on. */
const STAGE_EVENTS: ReadonlySet<JobEventType> = new Set(['received', 'parsed', 'chunked', 'embedded']);

/**
 * Collects a batch's audit events and writes them in few statements. A stage event starts a
 * write in the background, so a large document's stages and embedding progress are visible
 * while it is worked on; writes are chained (one at a time, in order) and coalesce whatever
 * arrived meanwhile, so many small documents still cost few statements and never wait on them.
 */
export class LiveJobEvents {
  readonly pending: PendingEvent[] = [];
  private writing: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(private readonly jobs: Pick<JobRepository, 'appendEvents'>) {}

  push(event: PendingEvent): void {
    this.pending.push(event);
    if (STAGE_EVENTS.has(event.type) && !this.scheduled) {
      this.scheduled = true;
      this.writing = this.writing.then(() => this.writePending());
    }
  }

  /** Resolves once the background writes started so far are done. */
  settled(): Promise<void> {
    return this.writing;
  }

  /** Writes everything still pending, after any write in flight. */
  async flush(): Promise<void> {
    await this.writing;
    const batch = this.pending.splice(0);
    await this.jobs.appendEvents(batch);
  }

  private async writePending(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending.splice(0);
    try {
      await this.jobs.appendEvents(batch);
    } catch {
      // Kept for the final write, in order, which reports the failure if it persists.
      this.pending.unshift(...batch);
    }
  }
}
