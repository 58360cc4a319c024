import { analyseQuestion, scoreUnits } from '#core/chat/index.js';
import { retrievedChunk } from './chunks.js';

describe('scoreUnits word matching', () => {
  // Two sentences in one chunk: the first holds the question's word only in a form the stemmer
  // does not join (a longer derivation, or a typo in the question); the second holds none of it.
  test.each<[string, string, string, string, 'en' | 'es']>([
    // question, sentence with the near form, unrelated sentence, what joins them, language
    [
      'Who was the oldest quarter back?',
      'Peyton Manning was the oldest quarterback ever to play.',
      'The game was played in Santa Clara.',
      'one stem extends the other',
      'en',
    ],
    ['Which is the volcano?', 'Tambora is a volcanic peak.', 'The island has a large harbour.', 'noun and adjective', 'en'],
    [
      'What party is favoured in Bedigo?',
      'Labor is favoured in Bendigo and Geelong.',
      'The city has a large harbour.',
      'a one-letter typo in a long word',
      'en',
    ],
    ['¿Qué país occidental?', 'Muchos países occidentales lo prohíben.', 'La lluvia es frecuente.', 'a short stem and its plural', 'es'],
  ])('%j reaches the sentence with the near form (%s)', (question, near, unrelated, _why, language) => {
    // prepare
    const chunk = retrievedChunk({ chunkId: 'c', documentId: 'd', title: 'Article', ordinal: 2, score: 0.5, text: `${unrelated} ${near}` });
    const analysis = analyseQuestion(question, language);

    // act
    const units = scoreUnits(analysis, [chunk], language);

    // assess
    const nearUnit = units.find((unit) => unit.text === near)!;
    const other = units.find((unit) => unit.text === unrelated)!;
    expect(nearUnit.coverage).toBeGreaterThan(other.coverage);
    expect(nearUnit.coverage).toBeGreaterThanOrEqual(0.45);
  });

  test.each<[string, string]>([
    // question, sentence sharing only a short prefix or a different number
    ['When was the port built?', 'The portrait was painted in 1700.'],
    ['How many strings does a violin have?', 'The violin has 4 strings and 2 bows.'],
    ['Who owned the 1923 car?', 'The 1925 car was sold.'],
    ['Who painted the portrait?', 'The port was painted in 1700.'],
  ])('%j does not count a short prefix or another number as its word', (question, sentence) => {
    // prepare
    const chunk = retrievedChunk({ chunkId: 'c', documentId: 'd', title: 'Article', ordinal: 2, score: 0.5, text: sentence });
    const analysis = analyseQuestion(question, 'en');
    const exactTerms = analysis.terms.filter((term) => scoreUnits({ ...analysis, terms: [term] }, [chunk], 'en')[0]!.coverage === 1);

    // act
    const [unit] = scoreUnits(analysis, [chunk], 'en');

    // assess: the coverage is only that of the exactly shared words
    expect(unit!.matchedInUnit).toBe(exactTerms.length);
  });
});
