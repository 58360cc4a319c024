import {
  answerInAnswer,
  answerText,
  containsGold,
  isShortFactoid,
  exactMatch,
  f1Score,
  goldPolarity,
  normalizeAnswer,
  polarityOf,
  yesNoCorrect,
} from '#core/evaluation/index.js';

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

describe('contains gold (accent- and case-insensitive, whole tokens)', () => {
  test.each([
    ['**Bartolomeo Cristofori** invented the piano [1].', ['Cristofori'], 'en', 1],
    ['Newton nació en WOOLSTHORPE [1].', ['Woolsthorpe'], 'es', 1],
    ['Isaac Newton nacio en Woolsthorpe-by-Colsterworth.', ['Woolsthorpe-by-Colsterworth'], 'es', 1],
    ['La batalla fue en Álava [2].', ['alava'], 'es', 1],
    ['La batalla fue en Alava.', ['Álava'], 'es', 1],
    ['El año 1832 marcó su carrera.', ['en 1832'], 'es', 0],
    ['Lincoln began his political career in 1832 [1].', ['1832'], 'en', 1],
    ['Lincoln began his political career in 18321.', ['1832'], 'en', 0],
    ["I couldn't find that in the documents.", ['Cristofori'], 'en', 0],
  ])('%j holds one of %j (%s): %d', (prediction, golds, language, expected) => {
    // act + assess
    expect(containsGold(prediction, golds, language)).toBe(expected);
  });
});

describe('short factoid (gold of 1–4 words, not yes/no)', () => {
  test.each([
    [['Cristofori'], true],
    [['in the year 1832', 'Lincoln began his political career in 1832'], true],
    [['Bartolomeo Cristofori built the first piano in Florence'], false],
    [['yes'], false],
    [['Yes, he was.', 'Cristofori'], false],
    [['Nobody'], true],
    [[], false],
  ])('%j → %s', (golds, expected) => {
    // act + assess
    expect(isShortFactoid(golds)).toBe(expected);
  });
});
