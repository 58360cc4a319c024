import { formatMeasured, latencyPercentiles, measured, percentile, sample } from '../../bench/stats.js';

describe('bench statistics', () => {
  test.each([
    [[1, 2, 3], 50, 2],
    [[1, 2, 3, 4], 50, 2.5],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 95, 100],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90, 90],
    [[5], 99, 5],
    [[], 50, 0],
  ])('percentile(%j, %d) = %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  test('a measured figure keeps its runs, median and spread', () => {
    // act
    const figure = measured([12, 10, 11]);

    // assess
    expect(figure).toEqual({ median: 11, min: 10, max: 12, runs: [12, 10, 11] });
    expect(formatMeasured(figure)).toBe('11.0 (10.0–12.0)');
    expect(formatMeasured(measured([3]))).toBe('3.0');
  });

  test('latency percentiles of unsorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(latencyPercentiles(samples)).toEqual({ p50: 50.5, p95: 95, p99: 99 });
  });

  test('sampling is deterministic for a seed and draws without repetition', () => {
    // prepare
    const items = Array.from({ length: 50 }, (_, i) => i);

    // act
    const first = sample(items, 10, 3);
    const again = sample(items, 10, 3);

    // assess
    expect(first).toEqual(again);
    expect(new Set(first).size).toBe(10);
    expect(sample(items, 10, 4)).not.toEqual(first);
  });
});
