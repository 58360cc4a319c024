import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCmuQaDataset, loadEvalDataset, parseQaPairs } from '#core/evaluation/index.js';
import { sharedDataPath, testWithSharedData } from '../../../support/shared-data.js';
import { makeTempDir } from '../../../support/temp-dir.js';

const HEADER = 'ArticleTitle\tQuestion\tAnswer\tDifficultyFromQuestioner\tDifficultyFromAnswerer\tArticleFile';

describe('parseQaPairs', () => {
  test.each([
    [`${HEADER}\nLincoln\tWas he president?\tyes\teasy\teasy\tdata/set1/a1`, [{ question: 'Was he president?', answer: 'yes', articleFile: 'data/set1/a1' }]],
    [`${HEADER}\nLincoln\tToo few fields\tyes`, []],
    [`${HEADER}\r\nLincoln\tWhen?\tNULL\teasy\thard\tdata/set1/a1\r\n`, [{ question: 'When?', answer: 'NULL', articleFile: 'data/set1/a1' }]],
  ])('%j', (text, rows) => {
    expect(parseQaPairs(text)).toEqual(rows);
  });
});

describe('loadCmuQaDataset', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
    const article = (text: string) => Buffer.from(text, 'latin1');
    for (const year of ['S08', 'S09']) await mkdir(path.join(temp.dir, year, 'data', 'set1'), { recursive: true });
    await writeFile(path.join(temp.dir, 'S08', 'data', 'set1', 'a1.txt.clean'), article('Kangaroo\n\nA kangaroo is a marsupial.\n'));
    await writeFile(path.join(temp.dir, 'S08', 'data', 'set1', 'a2.txt.clean'), article('Ångström\n\nThe ångström is a unit of length.\n'));
    // S09 repeats S08's kangaroo article byte for byte, as the real dataset does.
    await writeFile(path.join(temp.dir, 'S09', 'data', 'set1', 'a1.txt.clean'), article('Kangaroo\n\nA kangaroo is a marsupial.\n'));
    await writeFile(
      path.join(temp.dir, 'S08', 'question_answer_pairs.txt'),
      Buffer.from(
        [
          HEADER,
          'Kangaroo\tIs a kangaroo a marsupial?\tyes\teasy\teasy\tdata/set1/a1',
          'Kangaroo\tIs a kangaroo a marsupial?\tYes.\teasy\teasy\tdata/set1/a1',
          'Ångström\tWhat is an ångström?\tA unit of length\tmedium\tmedium\tdata/set1/a2',
          'Ångström\tWho liked it?\tNULL\thard\thard\tdata/set1/a2',
        ].join('\n'),
        'latin1',
      ),
    );
    await writeFile(
      path.join(temp.dir, 'S09', 'question_answer_pairs.txt'),
      `${HEADER}\nKangaroo\tIs a kangaroo a marsupial?\tyes\teasy\teasy\tdata/set1/a1\n`,
    );
  });
  afterAll(() => temp.cleanup());

  test('dedupes identical articles across years, merges answers, drops NULL-only questions, decodes Latin-1', async () => {
    // act
    const dataset = await loadEvalDataset(temp.dir);

    // assess
    expect(dataset.format).toBe('cmu-qa');
    expect(dataset.documents.map((d) => d.source)).toEqual(['S08/data/set1/a1.txt.clean', 'S08/data/set1/a2.txt.clean']);
    expect(dataset.questions.map((q) => [q.question, q.goldSources, q.answers])).toEqual([
      ['Is a kangaroo a marsupial?', ['S08/data/set1/a1.txt.clean'], ['yes', 'Yes.']],
      ['What is an ångström?', ['S08/data/set1/a2.txt.clean'], ['A unit of length']],
    ]);
  });

  test('a single year folder, or a chosen set of years', async () => {
    // act
    const single = await loadCmuQaDataset(path.join(temp.dir, 'S09'));
    const chosen = await loadCmuQaDataset(temp.dir, { years: ['S09'] });

    // assess
    expect(single.documents.map((d) => d.source)).toEqual(['S09/data/set1/a1.txt.clean']);
    expect(chosen.questions).toHaveLength(1);
    expect(chosen.name).toBe('cmu-qa S09');
  });

  test('a folder without the layout is refused with a clear message', async () => {
    await expect(loadEvalDataset(path.join(temp.dir, 'S08', 'data'))).rejects.toThrow(/question_answer_pairs\.txt/);
  });
});

const cmu = sharedDataPath('cmu-wikipedia-qa');
testWithSharedData('cmu-wikipedia-qa')('loads the real CMU dataset: 129 distinct articles, 2,206 answerable questions', async () => {
  const dataset = await loadCmuQaDataset(cmu);
  expect(dataset.documents).toHaveLength(129);
  expect(dataset.questions).toHaveLength(2206);
});
