import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '#core/config/index.js';
import { startLocalStack } from '#local/local-stack.js';
import type { CorpusFile } from '../corpora.js';
import { ingestWithProject } from '../pipelines/project-pipeline.js';
import { type Measured, latencyPercentiles, measured } from '../stats.js';

export interface ChatLatencyRow {
  connections: number;
  requests: number;
  p50: Measured;
  p95: Measured;
  requestsPerSecond: Measured;
  errors: number;
}

/**
 * `POST /api/chat` on the local stack (HTTP API + chat workflow + embedded database, one
 * process), loaded by autocannon on 127.0.0.1 with a fixed number of requests per run.
 */
export async function measureChatLatency(options: {
  corpus: readonly CorpusFile[];
  questions: readonly string[];
  connections: readonly number[];
  requests: number;
  repetitions: number;
  log: (line: string) => void;
}): Promise<{ rows: ChatLatencyRow[]; chunks: number }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-chat-'));
  const config = loadConfig({ RAG_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', RAG_SAMPLE: '0', RAG_RATE_LIMIT_PER_MINUTE: '0' });
  const stack = await startLocalStack(config, { log: () => {} });
  try {
    const ingest = await ingestWithProject(stack.runtime, options.corpus);
    options.log(`  local stack at ${stack.httpUrl}: ${ingest.chunks} chunks`);
    const requests = options.questions.map((message) => ({
      method: 'POST' as const,
      path: '/api/chat',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    }));
    await runLoad(stack.httpUrl, requests, 1, 10);
    const rows: ChatLatencyRow[] = [];
    for (const connections of options.connections) {
      const runs: { p50: number; p95: number; rps: number; errors: number }[] = [];
      for (let repetition = 0; repetition < options.repetitions; repetition += 1) {
        const run = await runLoad(stack.httpUrl, requests, connections, options.requests);
        runs.push(run);
      }
      const row: ChatLatencyRow = {
        connections,
        requests: options.requests,
        p50: measured(runs.map((run) => run.p50)),
        p95: measured(runs.map((run) => run.p95)),
        requestsPerSecond: measured(runs.map((run) => run.rps)),
        errors: runs.reduce((sum, run) => sum + run.errors, 0),
      };
      rows.push(row);
      options.log(
        `  ${connections} client(s): p50 ${row.p50.median.toFixed(0)} ms, p95 ${row.p95.median.toFixed(0)} ms, ${row.requestsPerSecond.median.toFixed(1)} req/s`,
      );
    }
    return { rows, chunks: ingest.chunks };
  } finally {
    await stack.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function runLoad(
  url: string,
  requests: autocannon.Request[],
  connections: number,
  amount: number,
): Promise<{ p50: number; p95: number; rps: number; errors: number }> {
  const samples: number[] = [];
  let errors = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, amount, requests, timeout: 60 }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) samples.push(responseTime);
      else errors += 1;
    });
  });
  errors += result.errors + result.timeouts;
  const seconds = (performance.now() - started) / 1000;
  return { ...latencyPercentiles(samples), rps: samples.length / seconds, errors };
}
