import { seededRandom } from '#core/evaluation/seeded-random.js';
/** A figure measured several times: its median and spread. */
export interface Measured {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function measured(runs: readonly number[]): Measured {
  const sorted = [...runs].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0, runs: [...runs] };
}

/** Nearest-rank percentile over ascending values (p in 0..100); the median interpolates. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  const n = sortedAscending.length;
  if (n === 0) return 0;
  if (p === 50) {
    const mid = Math.floor(n / 2);
    return n % 2 === 1 ? sortedAscending[mid]! : (sortedAscending[mid - 1]! + sortedAscending[mid]!) / 2;
  }
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return sortedAscending[rank - 1]!;
}

export function latencyPercentiles(samplesMs: readonly number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** "12.3 (11.9–12.8)": the median with its min–max spread. */
export function formatMeasured(value: Measured, digits = 1): string {
  const f = (n: number) => n.toFixed(digits);
  return value.min === value.max ? f(value.median) : `${f(value.median)} (${f(value.min)}–${f(value.max)})`;
}

export { seededRandom };

export function sample<T>(items: readonly T[], count: number, seed = 7): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}
