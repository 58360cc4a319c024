import { parseSquadDataset, runEvaluation, scoreAnswer } from '#core/evaluation/index.js';
import { openTestStore } from '../../../support/test-store.js';

const PARAGRAPHS = [
  ['Kangaroo', 'The kangaroo is a marsupial from the family Macropodidae. Kangaroos are endemic to Australia.', 'Where are kangaroos endemic to?', 'Australia'],
  [
    'Lincoln',
    'Abraham Lincoln was the sixteenth President of the United States. He led the nation through the Civil War.',
    'Which war did Lincoln lead the nation through?',
    'the Civil War',
  ],
  [
    'Coulomb',
    'The coulomb is the SI unit of electric charge, named after Charles-Augustin de Coulomb.',
    'Who is the unit of charge named after?',
    'Charles-Augustin de Coulomb',
  ],
] as const;

const dataset = parseSquadDataset(
  JSON.stringify({
    data: PARAGRAPHS.map(([title, context, question, answer], i) => ({
      title,
      paragraphs: [{ context, qas: [{ id: `q${i}`, question, answers: [{ text: answer, answer_start: context.indexOf(answer) }] }] }],
    })),
  }),
  'tiny.en.json',
  'en',
);

describe('runEvaluation', () => {
  test('ingests the corpus, asks every question and scores retrieval and answers per language', async () => {
    // prepare
    const store = await openTestStore();
    try {
      const progress: string[] = [];

      // act
      const report = await runEvaluation(dataset, store, { k: 3, onProgress: (stage, done, total) => progress.push(`${stage} ${done}/${total}`) });

      // assess
      expect(report.ingest).toMatchObject({ documents: 3, indexed: 3, failed: 0, chunks: 3 });
      expect(report.overall.questions).toBe(3);
      expect(report.overall.recall[1]).toBe(1);
      expect(report.overall.mrr).toBe(1);
      expect(Object.keys(report.byLanguage)).toEqual(['en']);
      expect(report.overall.answers).toMatchObject({ factoidQuestions: 3, yesNoQuestions: 0 });
      expect(report.overall.answers!.containsGold).toBeGreaterThan(0);
      expect(report.chat).toEqual({ provider: 'local', answerMode: 'extractive' });
      expect(progress).toContain('ingest 3/3');
      expect(progress.at(-1)).toBe('questions 3/3');
    } finally {
      await store.close();
    }
  }, 300_000);

  test('--limit asks only the first questions; retrieval-only skips the chat', async () => {
    // prepare
    const store = await openTestStore();
    try {
      // act
      const report = await runEvaluation(dataset, store, { limit: 2, retrievalOnly: true, k: 5 });

      // assess
      expect(report.overall.questions).toBe(2);
      expect(Object.keys(report.overall.recall)).toEqual(['1', '3', '5', '10']);
      expect(report.overall.answers).toBeUndefined();
    } finally {
      await store.close();
    }
  }, 300_000);
});

describe('scoreAnswer', () => {
  const question = { answers: ['yes', 'Yes.'], language: 'en', goldSources: ['a.txt'] };

  test.each([
    ['Yes [1].', false, true, { yesNoCorrect: 1, expectedPolarity: 'yes', citedGold: 1 }],
    ['Lincoln was president [1].', false, true, { yesNoCorrect: 0, expectedPolarity: 'yes', citedGold: 1 }],
    ['Yes [1].', true, true, { yesNoCorrect: 0, notFound: 1 }],
    ['yes', false, false, { exactMatch: 1, f1: 1, containsGold: 1 }],
  ] as const)('%j (unanswered %s, yes/no dataset %s)', (answer, unanswered, yesNo, expected) => {
    // act
    const scored = scoreAnswer(question, answer, { citedSources: ['a.txt'], unanswered, yesNo });

    // assess
    expect(scored).toMatchObject(expected);
  });
});

describe('scoreAnswer: retrieved but not answered, span and contains-gold', () => {
  const question = { answers: ['Bartolomeo Cristofori'], language: 'en', goldSources: ['piano.txt'] };

  test.each([
    ['**Bartolomeo Cristofori** invented it [1].', 1, false, { retrievedNotAnswered: 0, containsGold: 1, exactMatch: 1, span: 'Bartolomeo Cristofori' }],
    [
      'From “Piano”: Fourneaux built a player piano [1].',
      1,
      false,
      { retrievedNotAnswered: 1, containsGold: 0, exactMatch: 0, span: 'Fourneaux built a player piano.' },
    ],
    ['Fourneaux built a player piano [1].', 4, false, { retrievedNotAnswered: 0, containsGold: 0 }],
    ['Fourneaux built a player piano [1].', undefined, false, { retrievedNotAnswered: 0, containsGold: 0 }],
    ["I couldn't find that in the documents.", 2, true, { retrievedNotAnswered: 1, containsGold: 0, notFound: 1, span: '' }],
  ] as const)('%j (gold at chat rank %s, not found %s)', (answer, chatRank, unanswered, expected) => {
    // act
    const scored = scoreAnswer(question, answer, { citedSources: ['piano.txt'], unanswered, chatRank });

    // assess
    expect(scored).toMatchObject(expected);
  });

  test('a yes/no question retrieved at rank 1 but answered without committing counts as not answered', () => {
    // act
    const scored = scoreAnswer({ answers: ['Yes.'], language: 'en', goldSources: ['a.txt'] }, 'Lincoln was president [1].', {
      citedSources: ['a.txt'],
      unanswered: false,
      yesNo: true,
      chatRank: 1,
    });

    // assess
    expect(scored).toMatchObject({ expectedPolarity: 'yes', yesNoCorrect: 0, retrievedNotAnswered: 1 });
  });
});
