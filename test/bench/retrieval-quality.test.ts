import { parseSquadDataset } from '#core/evaluation/index.js';
import { subsetDataset } from '../../bench/run-benchmarks.js';
import { langChainRetrievalQuality, projectRetrievalQuality } from '../../bench/sections/retrieval-quality.js';

const dataset = parseSquadDataset(
  JSON.stringify({
    data: [
      [
        'Kangaroo',
        'The kangaroo is a marsupial from the family Macropodidae. Kangaroos are endemic to Australia.',
        'Where are kangaroos endemic to?',
        'Australia',
      ],
      [
        'Lincoln',
        'Abraham Lincoln was the sixteenth President of the United States. He led the nation through the Civil War.',
        'Which war did Lincoln lead the nation through?',
        'Civil War',
      ],
      [
        'Coulomb',
        'The coulomb is the SI unit of electric charge, named after Charles-Augustin de Coulomb.',
        'Who is the unit of charge named after?',
        'Charles-Augustin de Coulomb',
      ],
    ].map(([title, context, question, answer], i) => ({
      title,
      paragraphs: [{ context, qas: [{ id: `q${i}`, question, answers: [{ text: answer, answer_start: context!.indexOf(answer!) }] }] }],
    })),
  }),
  'tiny',
  'en',
);

describe('retrieval quality, both pipelines', () => {
  test.each([
    ['project', projectRetrievalQuality],
    ['langchain', langChainRetrievalQuality],
  ] as const)('%s indexes the corpus and finds each gold paragraph', async (pipeline, measure) => {
    // act
    const quality = await measure(dataset);

    // assess
    expect(quality).toMatchObject({ dataset: 'tiny', pipeline, documents: 3, questions: 3, recallAt10: 1 });
    expect(quality.chunks).toBeGreaterThanOrEqual(3);
    expect(quality.mrr).toBeGreaterThan(0.5);
  });
});

describe('subsetDataset', () => {
  test('keeps the first documents and only the questions whose gold is among them', () => {
    // act
    const subset = subsetDataset(dataset, 2);

    // assess
    expect(subset.documents.map((d) => d.source)).toEqual(['Kangaroo/0', 'Lincoln/0']);
    expect(subset.questions.map((q) => q.id)).toEqual(['q0', 'q1']);
    expect(subsetDataset(dataset, 10)).toBe(dataset);
  });
});
