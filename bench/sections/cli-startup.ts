import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CorpusFile } from '../corpora.js';
import { type Measured, measured } from '../stats.js';

const RAG_BIN = fileURLToPath(new URL('../../bin/rag.js', import.meta.url));

export interface CliStartupResult {
  documents: number;
  chunks: number;
  /** `rag ingest` of the corpus into a fresh data folder, wall time from spawning the process to its exit. */
  ingestSeconds: Measured;
  /** `rag ask` against that folder, wall time from spawning the process to its exit. */
  askSeconds: Measured;
  /** The chat turn's own time inside `rag ask` (its `timingsMs.total`); the rest is start-up and shut-down. */
  askChatMs: Measured;
}

interface Finished {
  seconds: number;
  stdout: string;
}

/** Runs `node bin/rag.js …` as a user would, and times it from spawn to exit. */
function runRag(args: readonly string[], dataDir: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [RAG_BIN, ...args], {
      env: { ...process.env, RAG_DATA_DIR: dataDir, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ seconds, stdout });
      else reject(new Error(`rag ${args[0]} exited with ${code}: ${stderr.slice(-500)}`));
    });
  });
}

/**
 * The command line as a user runs it: `rag ingest` of a corpus including process start, then
 * `rag ask` (start-up, one chat turn, shut-down) against the data folder it filled.
 */
export async function measureCliStartup(
  files: readonly CorpusFile[],
  questions: readonly string[],
  repetitions: number,
  log: (line: string) => void,
): Promise<CliStartupResult> {
  const ingests: number[] = [];
  const asks: number[] = [];
  const chats: number[] = [];
  let documents = 0;
  let chunks = 0;
  // One folder holding the corpus under its sources, as a user would point `rag ingest` at it.
  const corpusDir = await mkdtemp(path.join(os.tmpdir(), 'bench-cli-corpus-'));
  for (const file of files) {
    const target = path.join(corpusDir, file.source);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file.path, target);
  }
  const roots = [...new Set(files.map((file) => path.join(corpusDir, file.source.split('/')[0]!)))];
  try {
    await runRepetitions();
  } finally {
    await rm(corpusDir, { recursive: true, force: true });
  }
  return { documents, chunks, ingestSeconds: measured(ingests), askSeconds: measured(asks), askChatMs: measured(chats) };

  async function runRepetitions(): Promise<void> {
    for (let repetition = 1; repetition <= repetitions; repetition += 1) {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-cli-'));
      try {
        const ingest = await runRag(['ingest', '--json', ...roots], dataDir);
        const report = JSON.parse(ingest.stdout) as { documents: { status: string; chunks: number }[] };
        documents = report.documents.filter((document) => document.status === 'indexed').length;
        chunks = report.documents.reduce((sum, document) => sum + document.chunks, 0);
        ingests.push(ingest.seconds);
        log(`  rag ingest #${repetition}: ${documents} docs, ${chunks} chunks in ${ingest.seconds.toFixed(1)} s`);
        for (const question of questions) {
          const ask = await runRag(['ask', question, '--json'], dataDir);
          const response = JSON.parse(ask.stdout) as { timingsMs: { total: number } };
          asks.push(ask.seconds);
          chats.push(response.timingsMs.total);
        }
        log(
          `  rag ask #${repetition}: ${asks
            .slice(-questions.length)
            .map((s) => s.toFixed(2))
            .join(', ')} s`,
        );
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  }
}
