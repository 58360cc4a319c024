import type { JobDocument, JobEvent } from '#core/ingestion/job.js';

const STAGES: ReadonlySet<string> = new Set(['received', 'parsed', 'chunked', 'embedded']);

/**
 * A document's status for `rag jobs <id>`: a pending document also says the last stage it
 * reached ("pending: embedded 128 of 412 chunk(s)"), so a large one is seen to be worked on.
 */
export function documentStatusLabel(document: Pick<JobDocument, 'source' | 'status'>, events: readonly JobEvent[]): string {
  if (document.status !== 'pending') return document.status;
  const last = events.filter((event) => event.source === document.source && STAGES.has(event.type)).at(-1);
  return last ? `pending: ${last.type} ${last.detail}`.trim() : 'pending';
}
