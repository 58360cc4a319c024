import type { JobEvent } from '../api/api-types.js';

/** How far a document still in progress has come, from its job's audit events. */
export type DocumentStage = { stage: 'received' } | { stage: 'parsed' } | { stage: 'chunked'; chunks: number } | { stage: 'embedded'; chunks: number };

const ORDER = ['received', 'parsed', 'chunked', 'embedded'] as const;

/**
 * The latest stage a document reached, or undefined before any: a large document spends most of
 * its time being embedded, and "Waiting" would hide that it is being worked on. The chunk count
 * comes from the `chunked` event's detail ("412 chunk(s)").
 */
export function documentStage(events: readonly JobEvent[] | undefined, source: string): DocumentStage | undefined {
  let reached = -1;
  let chunks = 0;
  for (const event of events ?? []) {
    if (event.source !== source) continue;
    const index = ORDER.indexOf(event.type as (typeof ORDER)[number]);
    if (index < 0) continue;
    if (event.type === 'chunked') chunks = Number(/^(\d+)/.exec(event.detail)?.[1] ?? 0);
    reached = Math.max(reached, index);
  }
  const stage = ORDER[reached];
  if (stage === undefined) return undefined;
  return stage === 'chunked' || stage === 'embedded' ? { stage, chunks } : { stage };
}
