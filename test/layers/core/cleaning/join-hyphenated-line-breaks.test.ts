import { documentVocabulary, joinHyphenatedLineBreaks } from '#core/cleaning/join-hyphenated-line-breaks.js';

describe('joinHyphenatedLineBreaks', () => {
  test.each([
    ['a word split at a line break is joined', 'inter-\nnational', 'international'],
    ['spaces around the break are absorbed', 'inter-  \n  national', 'international'],
    ['accented lower-case letters count', 'informa-\nción', 'información'],
    ['several breaks in a row', 'ta-\nki-\nma-\nta', 'takimata'],
    ['the Unicode hyphen', 'co\u2010\noperate', 'cooperate'],
    ['a compound inside a line stays', 'a well-known fact', 'a well-known fact'],
    ['a capital after the break stays (a name or a new sentence)', 'Anti-\nRacism', 'Anti-\nRacism'],
    ['a digit before the hyphen stays', '1990-\n1995', '1990-\n1995'],
    ['a dash between words stays', 'word -\nnext', 'word -\nnext'],
    ['a blank line after the hyphen is a paragraph break', 'list-\n\nnext', 'list-\n\nnext'],
    ['a bullet at a line start stays', 'items:\n- one\n- two', 'items:\n- one\n- two'],
  ])('%s', (_, input, expected) => {
    expect(joinHyphenatedLineBreaks(input)).toBe(expected);
  });

  test.each([
    [
      'both halves stand alone elsewhere: a compound keeps its hyphen',
      'The highest-\npitched string. The highest note is pitched high.',
      'The highest-pitched string. The highest note is pitched high.',
    ],
    ['the compound is written on one line elsewhere', 'A well-\nknown tune, a well-known fact.', 'A well-known tune, a well-known fact.'],
    ['the joined form is used elsewhere, even though both halves are words', 'Every-\nthing is fine. Everything else.', 'Everything is fine. Everything else.'],
    ['one half is not a word of the document: a split word', 'The inter-\nnational office. National law.', 'The international office. National law.'],
    ['Spanish: a split word whose head is also a word', 'La informa-\nción llega. Ella informa hoy.', 'La información llega. Ella informa hoy.'],
    ['Spanish: a compound of two words', 'Un curso teórico-\npráctico: lo teórico y lo práctico.', 'Un curso teórico-práctico: lo teórico y lo práctico.'],
    ['pieces of other split words are not words', 'ta-\nble and ble-\nta', 'table and bleta'],
    ['no evidence either way: joined', 'highest-\npitched', 'highestpitched'],
  ])('judged by the document: %s', (_, input, expected) => {
    expect(joinHyphenatedLineBreaks(input)).toBe(expected);
  });

  test('judges a section against the vocabulary of the whole document', () => {
    // prepare
    const sections = ['The violin is the highest-\npitched instrument.', 'Its highest string is pitched at E5.'];

    // act
    const alone = joinHyphenatedLineBreaks(sections[0]!);
    const inDocument = joinHyphenatedLineBreaks(sections[0]!, documentVocabulary(sections));

    // assess
    expect(alone).toBe('The violin is the highestpitched instrument.');
    expect(inDocument).toBe('The violin is the highest-pitched instrument.');
  });
});
