import { languageFromFileName, loadSquadDataset, parseSquadDataset } from '#core/evaluation/index.js';
import { sharedDataPath, testWithSharedData } from '../../../support/shared-data.js';

const SQUAD = JSON.stringify({
  version: '1.1',
  data: [
    {
      title: 'Super_Bowl_50',
      paragraphs: [
        {
          context: 'Super Bowl 50 was won by the Denver Broncos.',
          qas: [{ id: 'q1', question: 'Who won Super Bowl 50?', answers: [{ text: 'Denver Broncos', answer_start: 29 }] }],
        },
        {
          context: 'The game was played in Santa Clara.',
          qas: [
            {
              id: 'q2',
              question: 'Where was it played?',
              answers: [
                { text: 'Santa Clara', answer_start: 23 },
                { text: 'Santa Clara', answer_start: 23 },
              ],
            },
            { id: 'q3', question: 'Impossible?', answers: [] },
          ],
        },
      ],
    },
  ],
});

describe('parseSquadDataset', () => {
  test('one document per paragraph, titled by its article; gold is that paragraph', () => {
    // act
    const dataset = parseSquadDataset(SQUAD, 'tiny.json', 'en');

    // assess
    expect(dataset.format).toBe('squad');
    expect(dataset.documents.map((d) => d.source)).toEqual(['Super_Bowl_50/0', 'Super_Bowl_50/1']);
    expect(new TextDecoder().decode(dataset.documents[0]!.bytes)).toBe('Super Bowl 50\n\nSuper Bowl 50 was won by the Denver Broncos.\n');
    expect(dataset.questions).toEqual([
      { id: 'q1', question: 'Who won Super Bowl 50?', language: 'en', goldSources: ['Super_Bowl_50/0'], answers: ['Denver Broncos'] },
      { id: 'q2', question: 'Where was it played?', language: 'en', goldSources: ['Super_Bowl_50/1'], answers: ['Santa Clara', 'Santa Clara'] },
    ]);
  });

  test('rejects a file that is not SQuAD JSON', () => {
    expect(() => parseSquadDataset('{"rows": []}', 'bad.json')).toThrow(/expected SQuAD JSON/);
    expect(() => parseSquadDataset('not json', 'bad.json')).toThrow(/not valid JSON/);
  });

  test.each([
    ['xquad.es.json', 'es'],
    ['/data/xquad.en.json', 'en'],
    ['dev-v1.1.json', undefined],
  ])('language of %s is %s', (file, language) => {
    expect(languageFromFileName(file)).toBe(language);
  });
});

const xquadEs = sharedDataPath('xquad', 'xquad.es.json');
testWithSharedData('xquad/xquad.es.json')('loads the real XQuAD-es file: 240 paragraphs, 1,190 Spanish questions', async () => {
  // act
  const dataset = await loadSquadDataset(xquadEs);

  // assess
  expect(dataset.documents).toHaveLength(240);
  expect(dataset.questions).toHaveLength(1190);
  expect(new Set(dataset.questions.map((q) => q.language))).toEqual(new Set(['es']));
});
