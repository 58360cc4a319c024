import { mergeLatencyBySize } from '../../bench/run-benchmarks.js';
import type { LatencyResult } from '../../bench/sections/retrieval-latency.js';
import { measured } from '../../bench/stats.js';

function latency(sizes: number[], p95: number): LatencyResult {
  return {
    rows: sizes.flatMap((chunks) =>
      (['exact', 'hnsw'] as const).map((index) => ({ chunks, index, p50: measured([p95 / 2]), p95: measured([p95]), p99: measured([p95 * 2]) })),
    ),
    breakdown: sizes.map((chunks) => ({ chunks, index: 'hnsw' as const, embedMs: 0.1, vectorMs: 5, textMs: 4, textMatches: 70 })),
    hnswRecallAt10: sizes.map((chunks) => ({ chunks, recall: 0.9, efSearch: 200, queries: 60 })),
    hnswRecallByEfSearch: sizes.map((chunks) => ({ chunks, efSearch: 200, recall: 0.9, meanMs: 5 })),
    hnswBuildSeconds: sizes.map((chunks) => ({ chunks, seconds: chunks / 1000 })),
    distractorLoadSeconds: sizes.map((chunks) => ({ chunks, seconds: 1 })),
    realChunks: 3585,
    queries: 60,
  };
}

describe('mergeLatencyBySize', () => {
  test('a rerun at one size replaces that size and keeps the others, in size order', () => {
    // prepare
    const existing = latency([10_000, 20_000], 15);
    const rerun = latency([100_000, 20_000], 28);

    // act
    const merged = mergeLatencyBySize(existing, rerun);

    // assess
    expect(merged.rows.map((row) => [row.chunks, row.p95.median])).toEqual([
      [10_000, 15],
      [10_000, 15],
      [20_000, 28],
      [20_000, 28],
      [100_000, 28],
      [100_000, 28],
    ]);
    for (const list of [merged.breakdown, merged.hnswRecallAt10, merged.hnswRecallByEfSearch, merged.hnswBuildSeconds, merged.distractorLoadSeconds]) {
      expect(list.map((entry) => entry.chunks)).toEqual([10_000, 20_000, 100_000]);
    }
  });
});
