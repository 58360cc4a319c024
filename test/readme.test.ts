import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './support/temp-dir.js';

const README = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const EVALUATION_SECTION = '## Benchmarks and evaluation';

/** The shell commands in the README's fenced bash blocks, before the evaluation section. */
function usageCommands(): string[] {
  const usage = README.slice(0, README.indexOf(EVALUATION_SECTION));
  const blocks = [...usage.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

describe('README', () => {
  test('has the evaluation section the other checks split on', () => {
    expect(README).toContain(EVALUATION_SECTION);
  });

  test('usage examples ingest only folders a fresh clone has', () => {
    // act
    const ingested = usageCommands()
      .map((command) => /\brag ingest\s+(.+)$/.exec(command)?.[1])
      .filter((args): args is string => args !== undefined)
      .flatMap((args) => args.split(/\s+/).filter((arg) => !arg.startsWith('-')));

    // assess
    expect(ingested.length).toBeGreaterThan(0);
    for (const folder of ingested) expect({ folder, exists: existsSync(path.join(REPO_ROOT, folder)) }).toEqual({ folder, exists: true });
  });

  test('the evaluation data folder is not named before the evaluation section', () => {
    // act
    const usage = README.slice(0, README.indexOf(EVALUATION_SECTION));

    // assess
    expect(usage).not.toContain('shared/data');
  });
});
