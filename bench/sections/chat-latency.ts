import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '#core/config/index.js';
import { buildS3ObjectEvent } from '#core/queue/s3-event.js';
import { LOCAL_BUCKET } from '#local/http/create-http-api.js';
import { type LocalStack, startLocalStack } from '#local/local-stack.js';
import type { CorpusFile } from '../corpora.js';
import type { DatabaseServer } from '../pipelines/networked-database.js';
import { ingestWithProject } from '../pipelines/project-pipeline.js';
import { type Measured, latencyPercentiles, measured } from '../stats.js';

export type ChatLoadPhase = 'idle' | 'ingest';

export interface ChatLatencyRow {
  connections: number;
  /** Whether the stack was otherwise idle, or ingesting a corpus dropped into its queue. @default 'idle' */
  during?: ChatLoadPhase;
  requests: number;
  p50: Measured;
  p95: Measured;
  /** The slowest answer of the run. */
  max?: Measured;
  requestsPerSecond: Measured;
  errors: number;
  /** While an ingest ran: how long the dropped corpus took to be indexed, chats running beside it. */
  ingestSeconds?: Measured;
}

export interface ChatLatencyResult {
  rows: ChatLatencyRow[];
  chunks: number;
  /** The corpus dropped while the "ingest" rows were measured. */
  ingestCorpus?: { label: string; documents: number };
}

/**
 * `POST /api/chat` on the local stack (HTTP API + chat workflow + embedded database, one
 * process), loaded by autocannon on 127.0.0.1 with a fixed number of requests per run; then,
 * on a fresh stack each time, the same load while a second corpus, dropped into the stack's
 * object store and queue as an SFTP upload is, is being ingested.
 */
export async function measureChatLatency(options: {
  corpus: readonly CorpusFile[];
  questions: readonly string[];
  connections: readonly number[];
  requests: number;
  repetitions: number;
  /** Dropped into the stack while chats run; omitted, only the idle rows are measured. */
  ingestDuringChat?: { label: string; files: readonly CorpusFile[] };
  /** A database server for each stack (its DATABASE_URL); omitted, each stack embeds its own. */
  database?: DatabaseServer;
  log: (line: string) => void;
}): Promise<ChatLatencyResult> {
  const requests = options.questions.map((message) => ({
    method: 'POST' as const,
    path: '/api/chat',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message }),
  }));
  const rows: ChatLatencyRow[] = [];
  const chunks = await withIndexedStack(options.corpus, options.database, async (stack, indexed) => {
    options.log(`  local stack at ${stack.httpUrl}: ${indexed} chunks`);
    await runLoad(stack.httpUrl, requests, 1, 10);
    for (const connections of options.connections) {
      const runs: LoadRun[] = [];
      for (let repetition = 0; repetition < options.repetitions; repetition += 1) {
        runs.push(await runLoad(stack.httpUrl, requests, connections, options.requests));
      }
      const row = rowOf(connections, 'idle', options.requests, runs);
      rows.push(row);
      options.log(`  ${connections} client(s): ${describeRow(row)}`);
    }
    return indexed;
  });

  const dropped = options.ingestDuringChat;
  if (dropped) {
    for (const connections of options.connections) {
      const runs: (LoadRun & { ingestSeconds: number })[] = [];
      for (let repetition = 0; repetition < options.repetitions; repetition += 1) {
        runs.push(
          await withIndexedStack(options.corpus, options.database, async (stack) => {
            await runLoad(stack.httpUrl, requests, 1, 10);
            return loadDuringIngest(stack, dropped.files, requests, connections);
          }),
        );
      }
      const row: ChatLatencyRow = {
        ...rowOf(connections, 'ingest', runs.reduce((sum, run) => sum + run.samples, 0) / runs.length, runs),
        ingestSeconds: measured(runs.map((run) => run.ingestSeconds)),
      };
      rows.push(row);
      options.log(`  ${connections} client(s) while ${dropped.label} ingest: ${describeRow(row)}, ingest ${row.ingestSeconds!.median.toFixed(1)} s`);
    }
  }
  return { rows, chunks, ...(dropped ? { ingestCorpus: { label: dropped.label, documents: dropped.files.length } } : {}) };
}

/** A fresh local stack in its own data folder, with `corpus` indexed before `use` runs. */
async function withIndexedStack<T>(
  corpus: readonly CorpusFile[],
  database: DatabaseServer | undefined,
  use: (stack: LocalStack, chunks: number) => Promise<T>,
): Promise<T> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-chat-'));
  const server = database ? await database(path.join(dataDir, 'server')) : undefined;
  try {
    const config = loadConfig({
      RAG_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      RAG_SAMPLE: '0',
      RAG_RATE_LIMIT_PER_MINUTE: '0',
      ...server?.env,
    });
    const stack = await startLocalStack(config, { log: () => {} });
    try {
      const ingest = await ingestWithProject(stack.runtime, corpus);
      return await use(stack, ingest.chunks);
    } finally {
      await stack.close();
    }
  } finally {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Drops `files` as SFTP uploads are dropped (object, job, one queue message each), then keeps
 * `connections` clients asking until the queue has been worked off.
 */
async function loadDuringIngest(
  stack: LocalStack,
  files: readonly CorpusFile[],
  requests: autocannon.Request[],
  connections: number,
): Promise<LoadRun & { ingestSeconds: number }> {
  const keys = files.map((file) => `bench-drop/${file.source}`);
  // Each file its own job, as the SFTP drop files each upload.
  for (const [i, file] of files.entries()) {
    await stack.objects.put(keys[i]!, new Uint8Array(await readFile(file.path)));
    await stack.runtime.jobs.create('sftp', [{ source: keys[i]! }]);
  }
  const started = performance.now();
  await stack.queue.send(keys.map((key) => JSON.stringify(buildS3ObjectEvent('Object Created', LOCAL_BUCKET, key))));
  stack.worker.notify();
  let ingestSeconds: number | undefined;
  const drained = stack.drained().then(() => {
    ingestSeconds = (performance.now() - started) / 1000;
  });
  const samples: number[] = [];
  let errors = 0;
  while (ingestSeconds === undefined) {
    const round = await runLoad(stack.httpUrl, requests, connections, connections * 5, samples);
    errors += round.errors;
  }
  await drained;
  const seconds = (performance.now() - started) / 1000;
  return { ...summarise(samples, errors, seconds), ingestSeconds };
}

interface LoadRun {
  p50: number;
  p95: number;
  max: number;
  rps: number;
  errors: number;
  samples: number;
}

function rowOf(connections: number, during: ChatLoadPhase, requestCount: number, runs: readonly LoadRun[]): ChatLatencyRow {
  return {
    connections,
    during,
    requests: Math.round(requestCount),
    p50: measured(runs.map((run) => run.p50)),
    p95: measured(runs.map((run) => run.p95)),
    max: measured(runs.map((run) => run.max)),
    requestsPerSecond: measured(runs.map((run) => run.rps)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}

function describeRow(row: ChatLatencyRow): string {
  return `p50 ${row.p50.median.toFixed(0)} ms, p95 ${row.p95.median.toFixed(0)} ms, max ${row.max?.median.toFixed(0)} ms, ${row.requestsPerSecond.median.toFixed(1)} req/s`;
}

function summarise(samples: readonly number[], errors: number, seconds: number): LoadRun {
  return { ...latencyPercentiles(samples), max: Math.max(0, ...samples), rps: samples.length / seconds, errors, samples: samples.length };
}

/** `amount` requests from `connections` clients; latencies of successful answers go to `into` too. */
async function runLoad(url: string, requests: autocannon.Request[], connections: number, amount: number, into?: number[]): Promise<LoadRun> {
  const samples: number[] = [];
  let errors = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, amount, requests, timeout: 120 }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) {
        samples.push(responseTime);
        into?.push(responseTime);
      } else errors += 1;
    });
  });
  errors += result.errors + result.timeouts;
  return summarise(samples, errors, (performance.now() - started) / 1000);
}
