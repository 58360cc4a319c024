import { askQuestionsOver, parseSquadDataset, sampleQuestions, withoutGoldDocuments } from '#core/evaluation/index.js';

function squad(language: 'en' | 'es', paragraphs: { title: string; context: string; qas: [id: string, question: string, answer: string][] }[]) {
  return parseSquadDataset(
    JSON.stringify({
      data: paragraphs.map(({ title, context, qas }) => ({
        title,
        paragraphs: [
          { context, qas: qas.map(([id, question, answer]) => ({ id, question, answers: [{ text: answer, answer_start: context.indexOf(answer) }] })) },
        ],
      })),
    }),
    `tiny.${language}.json`,
    language,
  );
}

const english = squad('en', [
  { title: 'Piano', context: 'Cristofori invented the piano.', qas: [['p1', 'Who invented the piano?', 'Cristofori']] },
  { title: 'Violin', context: 'A violin has four strings.', qas: [['v1', 'How many strings does a violin have?', 'four']] },
  { title: 'Coffee', context: 'Brazil grows the most coffee.', qas: [['c1', 'Who grows the most coffee?', 'Brazil']] },
]);
const spanish = squad('es', [
  { title: 'Piano', context: 'Cristofori inventó el piano.', qas: [['p1', '¿Quién inventó el piano?', 'Cristofori']] },
  {
    title: 'Violin',
    context: 'Un violín tiene cuatro cuerdas.',
    qas: [
      ['v1', '¿Cuántas cuerdas tiene un violín?', 'cuatro'],
      ['v9', '¿Sin pareja?', 'nada'],
    ],
  },
]);

describe('askQuestionsOver (Spanish questions over English paragraphs)', () => {
  test("keeps the indexed corpus, asks the other file's questions matched by id, with both files' gold answers", () => {
    // act
    const cross = askQuestionsOver(english, spanish);

    // assess
    expect(cross.documents.map((document) => document.source)).toEqual(['Piano/0', 'Violin/0', 'Coffee/0']);
    expect(cross.questions.map((q) => [q.id, q.question, q.language, q.goldSources, q.answers])).toEqual([
      ['p1', '¿Quién inventó el piano?', 'es', ['Piano/0'], ['Cristofori']],
      ['v1', '¿Cuántas cuerdas tiene un violín?', 'es', ['Violin/0'], ['four', 'cuatro']],
    ]);
  });

  test('no shared question id is an error, not an empty run', () => {
    // prepare
    const unrelated = { ...spanish, questions: spanish.questions.map((q) => ({ ...q, id: `x-${q.id}` })) };

    // act + assess
    expect(() => askQuestionsOver(english, unrelated)).toThrow(/no question id matches/);
  });
});

describe('sampleQuestions', () => {
  test('the same seed draws the same questions, in dataset order; another seed may differ', () => {
    // prepare
    const many = { ...english, questions: Array.from({ length: 50 }, (_, i) => ({ ...english.questions[0]!, id: `q${i}` })) };

    // act
    const first = sampleQuestions(many, 10).questions.map((q) => q.id);
    const again = sampleQuestions(many, 10).questions.map((q) => q.id);
    const other = sampleQuestions(many, 10, 99).questions.map((q) => q.id);

    // assess
    expect(first).toHaveLength(10);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect([...first].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(first);
  });

  test('asking for more than there are keeps them all', () => {
    // act + assess
    expect(sampleQuestions(english, 10).questions).toHaveLength(3);
  });
});

describe('withoutGoldDocuments (unanswerable)', () => {
  test("drops exactly the asked questions' gold documents", () => {
    // prepare
    const asked = { ...english, questions: english.questions.filter((q) => q.id !== 'c1') };

    // act
    const unanswerable = withoutGoldDocuments(asked);

    // assess
    expect(unanswerable.documents.map((document) => document.source)).toEqual(['Coffee/0']);
    expect(unanswerable.questions.map((q) => q.id)).toEqual(['p1', 'v1']);
  });
});
