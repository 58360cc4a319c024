import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Measured, measured } from '../stats.js';

const run = promisify(execFile);
const PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'memory-probe.ts');

export interface MemoryProbeResult {
  copies: number;
  documents: number;
  chunks: number;
  seconds: number;
  /** Peak resident set size of the whole process, in MiB. */
  peakRssMiB: number;
}

export interface MemoryRow {
  copies: number;
  documents: number;
  chunks: number;
  peakRssMiB: Measured;
  docsPerSecond: Measured;
}

/** Ingests the film corpus `copies` times over in a child process and reads its peak RSS at exit. */
export async function probeMemory(dataRoot: string, copies: number, filmLimit?: number): Promise<MemoryProbeResult> {
  const args = ['--import', 'tsx', PROBE, '--data', dataRoot, '--copies', String(copies), ...(filmLimit ? ['--limit', String(filmLimit)] : [])];
  const { stdout } = await run(process.execPath, args, {
    maxBuffer: 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as MemoryProbeResult;
}

/**
 * Peak RSS at each corpus multiple, each run in its own child process. Repetitions run as
 * chains side by side (chain n runs, in turn, the multiples that ask for more than n
 * repetitions): peak RSS is per process, so chains slow each other down but do not change
 * each other's figure.
 */
export async function measureMemory(
  dataRoot: string,
  plan: readonly { copies: number; repetitions: number }[],
  log: (line: string) => void,
  filmLimit?: number,
): Promise<MemoryRow[]> {
  const byCopies = new Map<number, MemoryProbeResult[]>(plan.map((step) => [step.copies, []]));
  const chains = Math.max(0, ...plan.map((step) => step.repetitions));
  await Promise.all(
    Array.from({ length: chains }, async (_, chain) => {
      for (const step of plan.filter((candidate) => candidate.repetitions > chain)) {
        const result = await probeMemory(dataRoot, step.copies, filmLimit);
        log(`  ${step.copies}× films: ${result.documents} docs, ${result.chunks} chunks, peak RSS ${result.peakRssMiB.toFixed(0)} MiB`);
        byCopies.get(step.copies)!.push(result);
      }
    }),
  );
  return plan.map((step) => {
    const results = byCopies.get(step.copies)!;
    return {
      copies: step.copies,
      documents: results[0]!.documents,
      chunks: results[0]!.chunks,
      peakRssMiB: measured(results.map((result) => result.peakRssMiB)),
      docsPerSecond: measured(results.map((result) => result.documents / result.seconds)),
    };
  });
}
