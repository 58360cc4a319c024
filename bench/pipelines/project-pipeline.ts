import { readFile } from 'node:fs/promises';
import { loadConfig } from '#core/config/index.js';
import { runIngestJob } from '#core/ingestion/index.js';
import { type RagRuntime, ingestDependencies, openRagRuntime } from '#core/runtime/index.js';
import type { CorpusFile } from '../corpora.js';
import type { IngestRun } from './ingest-run.js';

/** The product's runtime on a fresh embedded database in `dataDir`, with default settings. */
export async function openProjectRuntime(dataDir: string, env: Record<string, string> = {}): Promise<RagRuntime> {
  return openRagRuntime(loadConfig({ RAG_DATA_DIR: dataDir, RAG_SAMPLE: '0', ...env }), { purpose: 'bench' });
}

/** This project's ingest: one job through `runIngestJob`, exactly as `rag ingest` runs it. */
export async function ingestWithProject(runtime: RagRuntime, files: readonly CorpusFile[]): Promise<IngestRun> {
  const started = performance.now();
  const jobId = await runtime.jobs.create(
    'bench',
    files.map((file) => ({ source: file.source })),
  );
  const result = await runIngestJob(
    jobId,
    files.map((file) => ({ source: file.source, read: async () => new Uint8Array(await readFile(file.path)) })),
    ingestDependencies(runtime),
    { concurrency: runtime.config.ingest.concurrency },
  );
  const seconds = (performance.now() - started) / 1000;
  const index = await runtime.store.refreshIndex();
  return {
    documents: result.documents.filter((document) => document.status === 'indexed').length,
    chunks: result.documents.reduce((sum, document) => sum + document.chunks, 0),
    failed: result.documents.filter((document) => document.status === 'failed').length,
    seconds,
    hnsw: index.kind === 'hnsw',
  };
}
