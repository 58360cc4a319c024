import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The evaluation data folder beside the repository (`../shared/data`). */
export const SHARED_DATA_DIR = path.resolve(repoRoot, '../shared/data');

/**
 * The path of a file or folder under the shared evaluation data, or undefined (after printing
 * why) when it is absent: tests that need it then skip rather than fail on a fresh clone.
 */
export function sharedDataPath(...parts: string[]): string | undefined {
  const target = path.join(SHARED_DATA_DIR, ...parts);
  if (existsSync(target)) return target;
  // eslint-disable-next-line no-console
  console.log(`Skipping: shared evaluation data not found at ${target}`);
  return undefined;
}
