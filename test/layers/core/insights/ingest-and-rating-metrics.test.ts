import type { DocumentOutcome } from '#core/ingestion/ingest-document.js';
import { INGEST_METRICS, RATING_METRICS, ingestOutcomeMetrics, ratingMetrics } from '#core/insights/ingest-and-rating-metrics.js';

const outcome = (status: DocumentOutcome['status'], chunks = 0): DocumentOutcome => ({ source: `${status}-${chunks}.md`, status, chunks });

describe('ingest and rating metrics', () => {
  test.each([
    ['an empty batch', [], { documents: 0, chunks: 0, failures: 0 }],
    [
      'indexed, unchanged, deleted and failed documents',
      [outcome('indexed', 7), outcome('indexed', 3), outcome('unchanged', 5), outcome('deleted'), outcome('failed')],
      { documents: 2, chunks: 10, failures: 1 },
    ],
  ])('%s', (_name, outcomes, expected) => {
    // act
    const metrics = ingestOutcomeMetrics(outcomes);

    // assess
    expect(metrics).toEqual([
      { name: INGEST_METRICS.documentsIndexed, unit: 'Count', value: expected.documents },
      { name: INGEST_METRICS.chunksIndexed, unit: 'Count', value: expected.chunks },
      { name: INGEST_METRICS.ingestFailures, unit: 'Count', value: expected.failures },
    ]);
  });

  test.each([
    ['up', 1, 0],
    ['down', 0, 1],
  ] as const)('a thumbs %s', (rating, up, down) => {
    expect(ratingMetrics(rating)).toEqual([
      { name: RATING_METRICS.up, unit: 'Count', value: up },
      { name: RATING_METRICS.down, unit: 'Count', value: down },
    ]);
  });
});
