import type { DocumentOutcome } from '../ingestion/ingest-document.js';
import type { MetricValue } from './chat-turn-metrics.js';

/** The metric names the ingest function emits and the dashboard reads. */
export const INGEST_METRICS = {
  documentsIndexed: 'DocumentsIndexed',
  chunksIndexed: 'ChunksIndexed',
  ingestFailures: 'IngestFailures',
} as const;

/** The metric names the feedback function emits and the dashboard reads. */
export const RATING_METRICS = {
  up: 'RatingsUp',
  down: 'RatingsDown',
} as const;

/** What one settled ingest batch adds to the operational metrics: documents and chunks indexed, documents failed. */
export function ingestOutcomeMetrics(outcomes: readonly DocumentOutcome[]): MetricValue[] {
  const indexed = outcomes.filter((outcome) => outcome.status === 'indexed');
  return [
    { name: INGEST_METRICS.documentsIndexed, unit: 'Count', value: indexed.length },
    { name: INGEST_METRICS.chunksIndexed, unit: 'Count', value: indexed.reduce((sum, outcome) => sum + outcome.chunks, 0) },
    { name: INGEST_METRICS.ingestFailures, unit: 'Count', value: outcomes.filter((outcome) => outcome.status === 'failed').length },
  ];
}

/** A rating as an operational metric: one thumbs up or down. */
export function ratingMetrics(rating: 'up' | 'down'): MetricValue[] {
  return [
    { name: RATING_METRICS.up, unit: 'Count', value: rating === 'up' ? 1 : 0 },
    { name: RATING_METRICS.down, unit: 'Count', value: rating === 'down' ? 1 : 0 },
  ];
}
