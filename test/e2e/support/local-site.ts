import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface LocalSite {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** Everything the server printed, for failure reports. */
  output(): string;
  close(): Promise<void>;
}

export interface LocalSiteOptions {
  env?: Record<string, string>;
  /** Waits until the sample corpus is indexed. @default true */
  waitForSamples?: boolean;
  startTimeoutMs?: number;
}

async function run(command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
}

/** What `npm start` does first: build the site when it is missing or stale. */
export function ensureSiteBuilt(): Promise<void> {
  return run(process.execPath, [path.join(REPO_ROOT, 'frontend/scripts/ensure-site-built.mjs')]);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Starts the product as a user does (`rag serve`, which `npm start` runs) on free ports with
 * a fresh data folder, and waits until the sample documents are indexed.
 */
export async function startLocalSite(options: LocalSiteOptions = {}): Promise<LocalSite> {
  await ensureSiteBuilt();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rag-e2e-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/rag.js'), 'serve'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', HOST: '127.0.0.1', PORT: '0', SFTP_PORT: '0', RAG_DATA_DIR: dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let exited = false;
  child.on('exit', () => (exited = true));

  const close = async () => {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const timeoutMs = options.startTimeoutMs ?? 120_000;
    const url = await waitFor(
      'the server to print its address',
      async () => {
        if (exited) throw new Error('exited');
        return /Web site and API\s+(http:\/\/\S+)/.exec(output)?.[1];
      },
      timeoutMs,
      () => output,
    );
    if (options.waitForSamples ?? true) {
      const headers: Record<string, string> = options.env?.RAG_API_TOKEN ? { Authorization: `Bearer ${options.env.RAG_API_TOKEN}` } : {};
      await waitFor(
        'the sample documents to be indexed',
        async () => {
          const jobs = (await (await fetch(`${url}/api/jobs`, { headers })).json()) as { status: string }[];
          const documents = (await (await fetch(`${url}/api/documents`, { headers })).json()) as unknown[];
          return jobs.length > 0 && jobs.every((job) => !['queued', 'running'].includes(job.status)) && documents.length > 0 ? true : undefined;
        },
        timeoutMs,
        () => output,
      );
    }
    return { url, output: () => output, close };
  } catch (error) {
    await close();
    throw error;
  }
}
