import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, makeTempDir } from '../../support/temp-dir.js';

const run = promisify(execFile);
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/eval');
const EN = path.join(FIXTURES, 'tiny-xquad.en.json');
const ES = path.join(FIXTURES, 'tiny-xquad.es.json');

interface Details {
  id: string;
  language: string;
  question: string;
  goldAnswers: string[];
  rank?: number;
  chatRank?: number;
  answer: string;
  span: string;
  containsGold: number;
  notFound: number;
  retrievedNotAnswered: number;
}

/** `rag eval … --json --details <file>` through the real CLI and runtime (a temporary PGlite index). */
async function ragEval(...args: string[]) {
  const temp = await makeTempDir('rag-eval-cli-');
  try {
    const details = path.join(temp.dir, 'details.jsonl');
    const { stdout } = await run(process.execPath, [path.join(REPO_ROOT, 'bin/rag.js'), 'eval', ...args, '--json', '--details', details], {
      env: { ...process.env, RAG_DATA_DIR: path.join(temp.dir, 'unused'), NODE_OPTIONS: '' },
    });
    const lines = (await readFile(details, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Details);
    return { report: JSON.parse(stdout), details: lines };
  } finally {
    await temp.cleanup();
  }
}

const share = (items: readonly Details[], pick: (item: Details) => boolean) => items.filter(pick).length / items.length;

describe('rag eval on a tiny XQuAD-format fixture', () => {
  test('reports answer metrics that agree with the per-question details', async () => {
    // act
    const { report, details } = await ragEval('--dataset', EN);

    // assess
    expect(report.dataset).toMatchObject({ documents: 5, questions: 10 });
    expect(report.unanswerable).toBe(false);
    expect(details.map((d) => d.id)).toEqual([
      'piano-1',
      'piano-2',
      'violin-1',
      'violin-2',
      'kangaroo-1',
      'kangaroo-2',
      'lighthouse-1',
      'lighthouse-2',
      'coffee-1',
      'coffee-2',
    ]);
    const answers = report.overall.answers;
    expect(answers.factoidQuestions).toBe(10);
    expect(answers.shortFactoidQuestions).toBe(10);
    expect(answers.containsGold).toBeCloseTo(
      share(details, (d) => d.containsGold === 1),
      4,
    );
    expect(answers.notFound).toBeCloseTo(
      share(details, (d) => d.notFound === 1),
      4,
    );
    expect(answers.goldInTop3).toBeCloseTo(
      share(details, (d) => d.chatRank !== undefined && d.chatRank <= 3),
      4,
    );
    expect(answers.retrievedNotAnswered).toBeCloseTo(
      share(details, (d) => (d.chatRank ?? 99) <= 3 && d.containsGold === 0),
      4,
    );
    // Each paragraph is short and on its own topic: the chat's retrieve step ranks it first.
    expect(details.every((d) => d.chatRank === 1)).toBe(true);
    for (const d of details.filter((item) => item.notFound === 1)) expect(d.span).toBe('');
  }, 300_000);

  test('--questions asks the Spanish questions over the English paragraphs, matched by id', async () => {
    // act
    const { report, details } = await ragEval('--dataset', EN, '--questions', ES);

    // assess
    expect(report.dataset).toMatchObject({ name: 'tiny-xquad.es.json over tiny-xquad.en.json', documents: 5, questions: 10 });
    expect(Object.keys(report.byLanguage)).toEqual(['es']);
    expect(details.find((d) => d.id === 'violin-1')).toMatchObject({ question: '¿Cuántas cuerdas tiene un violín?', goldAnswers: ['four', 'cuatro'] });
    expect(report.overall.answers.goldInTop3).toBeCloseTo(
      share(details, (d) => (d.chatRank ?? 99) <= 3),
      4,
    );
  }, 300_000);

  test("--unanswerable removes the asked questions' paragraphs and reports false answers", async () => {
    // act
    const { report, details } = await ragEval('--dataset', EN, '--unanswerable', '--sample', '4');

    // assess
    const removed = new Set(details.map((d) => d.id.split('-')[0]));
    expect(details).toHaveLength(4);
    expect(report.unanswerable).toBe(true);
    expect(report.dataset.documents).toBe(5 - removed.size);
    expect(details.every((d) => d.rank === undefined && d.chatRank === undefined)).toBe(true);
    const answers = report.overall.answers;
    expect(answers.falseAnswer).toBeCloseTo(1 - share(details, (d) => d.notFound === 1), 4);
    expect(answers.falseAnswer + answers.notFound).toBeCloseTo(1, 4);
  }, 300_000);
});
