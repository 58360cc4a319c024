import { lexiconPair, loadLexicon, parseLexicon } from '#core/chat/bilingual-lexicon.js';
import { offlineAlternateQueries, searchLanguages, translateQuery } from '#core/chat/translate-query.js';

const words = (text: string | undefined) => (text ?? '').split(' ');

describe('translateQuery with the shipped lexicon', () => {
  test.each([
    // Spanish → English: inflected verbs reach their English lemma, names and numbers stay.
    ['es', 'en', '¿Dónde nació Isaac Newton?', ['born', 'Isaac', 'Newton'], ['nació', 'Dónde']],
    ['es', 'en', '¿Quién inventó el piano?', ['invent', 'piano'], ['Quién', 'el']],
    ['es', 'en', '¿En qué año se casó James Monroe?', ['year', 'marry', 'James', 'Monroe'], ['casó', 'qué']],
    ['es', 'en', '¿Qué ciudad es la capital de Alemania?', ['city', 'capital', 'Alemania', 'Germany'], ['ciudad', 'la']],
    ['es', 'en', '¿Cuántos habitantes tenía Varsovia en 1939?', ['inhabitant', 'Warsaw', '1939'], ['habitantes']],
    ['es', 'en', '¿Quién dirigió la película?', ['direct', 'film'], ['dirigió', 'película']],
    // English → Spanish.
    ['en', 'es', 'Where was Isaac Newton born?', ['nacido', 'Isaac', 'Newton'], ['born', 'Where']],
    ['en', 'es', 'Who invented the piano?', ['inventar', 'piano'], ['invented', 'the']],
    ['en', 'es', 'When did Lincoln begin his political career?', ['empezar', 'carrera', 'Lincoln'], ['begin', 'career', 'his']],
    ['en', 'es', 'Which city is the capital of Germany?', ['ciudad', 'Alemania', 'Germany'], ['city', 'Which']],
  ])('%s→%s %j', (from, to, question, expected, absent) => {
    // act
    const translated = words(translateQuery(question, from, to));

    // assess
    for (const word of expected) expect(translated).toContain(word);
    for (const word of absent) expect(translated).not.toContain(word);
  });

  test.each([
    ['no lexicon for the pair', '¿Dónde nació Newton?', 'es', 'fr'],
    ['no word the lexicon knows', 'Xochitlán 1643', 'es', 'en'],
    ['only function words', '¿Qué es eso?', 'es', 'en'],
  ])('is undefined with %s', (_case, question, from, to) => {
    expect(translateQuery(question, from, to)).toBeUndefined();
  });

  test('keeps a capitalised name inside the sentence even when it is also a common word', () => {
    // prepare: "Bush" is also "arbusto"; the lexicon here knows only the common noun.
    const lexicon = parseLexicon('bush bushes\tarbusto\nelect elected\telegir\n');

    // act
    const translated = translateQuery('When was George Bush elected?', 'en', 'es', { lexicon });

    // assess
    expect(words(translated)).toContain('Bush');
    expect(words(translated)).not.toContain('arbusto');
    expect(words(translated)).toContain('elegir');
  });
});

describe('parseLexicon', () => {
  test.each([
    ['one lemma, its forms', 'nacer nació nacido\tbe born\n', 'nació', ['be born']],
    ['a form shared by two lemmas gets both', 'casa casas\thouse|home\ncasar casa caso\tmarry\n', 'casa', ['house', 'home', 'marry']],
    ['a blank or malformed line is skipped', '\nnope\ncuerda cuerdas\trope|string\n', 'cuerdas', ['rope', 'string']],
  ])('%s', (_case, tsv, form, expected) => {
    expect(parseLexicon(tsv).get(form)).toEqual(expected);
  });

  test('the shipped files cover both directions', () => {
    expect(lexiconPair('es', 'en')).toBe('es-en');
    expect(lexiconPair('en', 'es')).toBe('en-es');
    expect(lexiconPair('es', 'de')).toBeUndefined();
    expect(loadLexicon('es-en').size).toBeGreaterThan(50_000);
    expect(loadLexicon('en-es').size).toBeGreaterThan(10_000);
  });
});

describe('offlineAlternateQueries', () => {
  test.each([
    ['Spanish question, English documents', '¿Dónde nació Newton?', 'es', ['en'], 1],
    ['Spanish question, Spanish and English documents', '¿Dónde nació Newton?', 'es', ['es', 'en'], 1],
    ['Spanish question, Spanish documents', '¿Dónde nació Newton?', 'es', ['es'], 0],
    ['English question, English documents', 'Where was Newton born?', 'en', ['en'], 0],
    ['English question, German documents (no lexicon)', 'Where was Newton born?', 'en', ['de'], 0],
  ])('%s', (_case, question, language, documentLanguages, count) => {
    expect(offlineAlternateQueries(question, language, documentLanguages)).toHaveLength(count);
  });
});

describe('searchLanguages', () => {
  test.each([
    [
      'a lone misdetected document is ignored',
      [
        { language: 'en', documents: 239 },
        { language: 'es', documents: 1 },
      ],
      ['en'],
    ],
    [
      'a real second language is kept',
      [
        { language: 'en', documents: 30 },
        { language: 'es', documents: 10 },
      ],
      ['en', 'es'],
    ],
    ['no documents, no languages', [], []],
  ])('%s', (_case, counts, expected) => {
    expect(searchLanguages(counts)).toEqual(expected);
  });
});
