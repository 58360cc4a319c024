import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../support/temp-dir.js';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `rag <args>` as a user would, in its own process, against `dataDir`. */
export async function rag(options: { dataDir: string; cwd: string; env?: Record<string, string> }, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(REPO_ROOT, 'bin/rag.js'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, RAG_DATA_DIR: options.dataDir, NODE_OPTIONS: '', ...options.env },
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string; killed?: boolean };
    if (failed.killed) throw new Error(`rag ${args.join(' ')} did not finish: ${failed.stderr}`);
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
