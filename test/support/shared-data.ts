import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The evaluation data (XQuAD, CMU Wikipedia QA, film plots, real PDF/DOCX files) lives beside the repository, not in it:
 * a fresh clone does not have it, so tests that read it run only when it is there.
 */
export const SHARED_DATA_ROOT = path.resolve(repoRoot, '../shared/data');

/** Path inside the shared evaluation data (`../shared/data`). */
export function sharedDataPath(...segments: string[]): string {
  return path.resolve(SHARED_DATA_ROOT, ...segments);
}

const reported = new Set<string>();

/** Why tests needing these paths cannot run, or undefined when every path exists. Prints the reason once per path. */
export function missingSharedData(required: string | readonly string[]): string | undefined {
  const paths = typeof required === 'string' ? [required] : required;
  const missing = paths.filter((segment) => !existsSync(sharedDataPath(segment)));
  if (missing.length === 0) return undefined;
  const reason = `evaluation data ${missing.map((segment) => `../shared/data/${segment}`).join(', ')} is absent`;
  const key = missing.join('\n');
  if (!reported.has(key)) {
    reported.add(key);
    // A skip without a reason reads as a bug; the path says what to put beside the clone to run it.
    console.warn(`Skipping tests: ${reason} (it lives beside the repository, not in it).`);
  }
  return reason;
}

/** `describe` when the shared paths exist; otherwise `describe.skip`, with the reason printed and in the name. */
export function describeWithSharedData(name: string, required: string | readonly string[], fn: () => void): void {
  const reason = missingSharedData(required);
  if (reason === undefined) describe(name, fn);
  else describe.skip(`${name} (skipped: ${reason})`, fn);
}

/** `test` when the shared paths exist; otherwise `test.skip`, with the reason printed. Works with `.each` too. */
export function testWithSharedData(required: string | readonly string[]): jest.It {
  return missingSharedData(required) === undefined ? test : test.skip;
}
