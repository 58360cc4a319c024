import {
  answerInAnswer,
  answerText,
  exactMatch,
  f1Score,
  goldPolarity,
  normalizeAnswer,
  polarityOf,
  yesNoCorrect,
} from '../../../../layers/core/evaluation/index.js';

describe('normalizeAnswer (SQuAD normalisation, language-aware articles)', () => {
  test.each([
    ['The Denver Broncos!', 'en', 'denver broncos'],
    ['  a  cat,  an owl and THE dog. ', 'en', 'cat owl and dog'],
    ['Los Panthers de Carolina', 'es', 'panthers de carolina'],
    ['«El año 1990»', 'es', 'año 1990'],
    ['the', 'es', 'the'],
    ['$5,000', 'en', '5000'],
  ])('%j (%s) → %j', (input, language, expected) => {
    // act + assess
    expect(normalizeAnswer(input, language)).toBe(expected);
  });
});

describe('exact match and F1', () => {
  test.each([
    ['Denver Broncos', ['Denver Broncos'], 1, 1],
    ['the Denver Broncos.', ['Denver Broncos'], 1, 1],
    ['Broncos', ['Denver Broncos'], 0, 2 / 3],
    ['Carolina Panthers', ['Denver Broncos'], 0, 0],
    ['Denver', ['Carolina', 'Denver Broncos', 'Denver'], 1, 1],
    ['', ['Denver'], 0, 0],
  ])('%j against %j → EM %d, F1 %d', (prediction, golds, em, f1) => {
    // act
    const exact = exactMatch(prediction, golds);
    const score = f1Score(prediction, golds);

    // assess
    expect(exact).toBe(em);
    expect(score).toBeCloseTo(f1, 6);
  });
});

describe('answer-in-answer', () => {
  test.each([
    ['Super Bowl 50 was won by the Denver Broncos [1].', ['Denver Broncos'], 1],
    ['The game was played in Santa Clara.', ['Denver Broncos'], 0],
    ['It cost 1,000 dollars.', ['1000'], 1],
    ['The Broncosaurus era.', ['Broncos'], 0],
  ])('%j holds one of %j: %d', (prediction, golds, expected) => {
    expect(answerInAnswer(prediction, golds)).toBe(expected);
  });
});

describe('yes/no scoring', () => {
  test.each([
    ['Yes.', 'yes'],
    ['no, he did not', 'no'],
    ['Sí, lo fue [1].', 'yes'],
    ['Lincoln was the sixteenth President [1].', undefined],
    ['Nobody knows', undefined],
  ])('polarity of %j is %s', (answer, expected) => {
    expect(polarityOf(answer)).toBe(expected);
  });

  test.each([
    [['yes', 'Yes.'], 'yes'],
    [['no', 'No', 'yes'], 'no'],
    [['yes', 'no'], undefined],
    [['yes', 'In 1863'], undefined],
    [['Abraham Lincoln'], undefined],
  ])('gold %j expects %s', (golds, expected) => {
    expect(goldPolarity(golds)).toBe(expected);
  });

  test('an answer that only quotes evidence does not count as a yes', () => {
    // act
    const quoted = yesNoCorrect('Abraham Lincoln was the 16th President of the United States [1].', 'yes');
    const committed = yesNoCorrect('Yes [1].', 'yes');

    // assess
    expect(quoted).toBe(0);
    expect(committed).toBe(1);
  });

  test('citation markers are not part of the scored answer', () => {
    expect(answerText('Denver [1][2] Broncos [3].')).toBe('Denver Broncos .');
  });
});
