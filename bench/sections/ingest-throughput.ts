import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CorpusFile } from '../corpora.js';
import type { IngestRun } from '../pipelines/ingest-run.js';
import { ingestWithLangChain, openLangChainStore } from '../pipelines/langchain-pipeline.js';
import { ingestRowByRow } from '../pipelines/naive-writer.js';
import type { DatabaseServer } from '../pipelines/networked-database.js';
import { ingestWithProject, openProjectRuntime } from '../pipelines/project-pipeline.js';
import { type Measured, measured } from '../stats.js';

export type Pipeline = 'project' | 'naive' | 'langchain';
export const PIPELINES: readonly Pipeline[] = ['project', 'naive', 'langchain'];

export interface ThroughputResult {
  corpus: string;
  pipeline: Pipeline;
  documents: number;
  chunks: number;
  failed: number;
  hnsw: boolean;
  seconds: Measured;
  docsPerSecond: Measured;
  chunksPerSecond: Measured;
}

/**
 * One ingest of `files` into a fresh on-disk embedded database, by one pipeline; this project's
 * pipeline goes to a fresh `database` server instead when one is given.
 */
export async function ingestOnce(pipeline: Pipeline, files: readonly CorpusFile[], database?: DatabaseServer): Promise<IngestRun> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `bench-${pipeline}-`));
  try {
    if (pipeline === 'naive') return await ingestRowByRow(dataDir, files);
    if (pipeline === 'langchain') {
      const langchain = await openLangChainStore(dataDir);
      try {
        return await ingestWithLangChain(langchain, files);
      } finally {
        await langchain.close();
      }
    }
    const server = database ? await database(path.join(dataDir, 'server')) : undefined;
    try {
      const runtime = await openProjectRuntime(dataDir, server?.env);
      try {
        return await ingestWithProject(runtime, files);
      } finally {
        await runtime.close();
      }
    } finally {
      await server?.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The figures of repeated ingests of one corpus: counts from the first run, rates over all. */
export function throughputOf(runs: readonly IngestRun[]): Pick<ThroughputResult, 'documents' | 'chunks' | 'seconds' | 'docsPerSecond' | 'chunksPerSecond'> {
  const first = runs[0]!;
  return {
    documents: first.documents,
    chunks: first.chunks,
    seconds: measured(runs.map((run) => run.seconds)),
    docsPerSecond: measured(runs.map((run) => run.documents / run.seconds)),
    chunksPerSecond: measured(runs.map((run) => run.chunks / run.seconds)),
  };
}

/** Ingests a corpus `repetitions` times with each pipeline, interleaved so drift in machine load hits all alike. */
export async function measureIngestThroughput(
  corpus: string,
  files: readonly CorpusFile[],
  repetitions: number,
  log: (line: string) => void,
  pipelines: readonly Pipeline[] = PIPELINES,
): Promise<ThroughputResult[]> {
  const runs = new Map<Pipeline, IngestRun[]>(pipelines.map((pipeline) => [pipeline, []]));
  // An untimed warm-up per pipeline, so no pipeline pays for module loading and JIT compilation.
  for (const pipeline of pipelines) await ingestOnce(pipeline, files.slice(0, 10));
  for (let repetition = 1; repetition <= repetitions; repetition += 1) {
    // Rotate the order, so a drift in machine load does not always hit the same pipeline.
    const order = pipelines.map((_, i) => pipelines[(i + repetition - 1) % pipelines.length]!);
    for (const pipeline of order) {
      const run = await ingestOnce(pipeline, files);
      runs.get(pipeline)!.push(run);
      log(`  ${corpus} ${pipeline} #${repetition}: ${run.documents} docs, ${run.chunks} chunks in ${run.seconds.toFixed(1)} s`);
    }
  }
  return pipelines.map((pipeline) => {
    const list = runs.get(pipeline)!;
    return { corpus, pipeline, failed: list[0]!.failed, hnsw: list[0]!.hnsw, ...throughputOf(list) };
  });
}
