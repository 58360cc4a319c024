import { normalizeUnicode } from '#core/cleaning/normalize-unicode.js';

describe('normalizeUnicode', () => {
  test.each([
    ['plain ASCII is returned as is', 'Hello, world!', 'Hello, world!'],
    ['decomposed accents are composed (NFC)', 'Cafe\u0301 an\u0303o', 'Café año'],
    ['no-break space', 'a\u00a0b', 'a b'],
    ['thin, hair, en and em spaces', 'a\u2009b\u200ac\u2002d\u2003e', 'a b c d e'],
    ['narrow no-break and ideographic spaces', '10\u202f000\u3000x', '10 000 x'],
    ['ligatures', 'ﬁnal ﬂow ﬀ ﬃ ﬄ ﬅ ﬆ', 'final flow ff ffi ffl st st'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\nb\nc'],
    ['CJK, full-width forms and superscripts are kept', '日本語 ＡＢＣ x² ½', '日本語 ＡＢＣ x² ½'],
    ['Spanish punctuation and accents are kept', '¿Qué pasó? ¡Ñandú!', '¿Qué pasó? ¡Ñandú!'],
    ['emoji are kept', '👍🏽 ok', '👍🏽 ok'],
  ])('%s', (_, input, expected) => {
    expect(normalizeUnicode(input)).toBe(expected);
  });
});
