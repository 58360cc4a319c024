import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary folder and its cleanup. */
export async function makeTempDir(prefix = 'rag-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The repository root. Evaluation data beside it is reached through shared-data.ts, which skips when it is absent. */
export const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
