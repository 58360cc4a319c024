import { joinHyphenatedLineBreaks } from '../../../../layers/core/cleaning/join-hyphenated-line-breaks.js';

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
});
