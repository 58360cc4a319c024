import type { JobEvent } from '../api/api-types.js';

/** How far a document still in progress has come, from its job's audit events. */
export type DocumentStage =
  | { stage: 'received' }
  | { stage: 'parsed' }
  | { stage: 'chunked'; chunks: number }
  | { stage: 'embedding'; embedded: number; chunks: number }
  | { stage: 'embedded'; chunks: number };

const ORDER = ['received', 'parsed', 'chunked', 'embedding', 'embedded'] as const;
/** The detail of an `embedded` event while a large document is still being embedded. */
const EMBEDDING_PROGRESS = /^(\d+) of (\d+) chunk\(s\)$/;

/**
 * The latest stage a document reached, or undefined before any: a large document spends most of
 * its time being embedded, and "Waiting" would hide that it is being worked on. The chunk count
 * comes from the `chunked` event's detail ("412 chunk(s)"); while a large document is embedded,
 * `embedded` events with "128 of 412 chunk(s)" say how far it is.
 */
export function documentStage(events: readonly JobEvent[] | undefined, source: string): DocumentStage | undefined {
  let reached = -1;
  let chunks = 0;
  let embedded = 0;
  for (const event of events ?? []) {
    if (event.source !== source) continue;
    const progress = event.type === 'embedded' ? EMBEDDING_PROGRESS.exec(event.detail) : null;
    const index = ORDER.indexOf((progress ? 'embedding' : event.type) as (typeof ORDER)[number]);
    if (index < 0) continue;
    if (event.type === 'chunked') chunks = Number(/^(\d+)/.exec(event.detail)?.[1] ?? 0);
    if (progress) {
      embedded = Math.max(embedded, Number(progress[1]));
      chunks = Number(progress[2]);
    }
    reached = Math.max(reached, index);
  }
  const stage = ORDER[reached];
  if (stage === undefined) return undefined;
  if (stage === 'embedding') return { stage, embedded, chunks };
  return stage === 'chunked' || stage === 'embedded' ? { stage, chunks } : { stage };
}
