/** No-break, figure, thin, hair, narrow no-break, ideographic and other fixed-width spaces. */
const EXOTIC_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
/** Latin typographic ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) that PDF text extraction leaves in words. */
const LIGATURES = /[\ufb00-\ufb06]/g;
const LINE_SEPARATORS = /[\u2028\u2029]/g;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Canonical composition (NFC) so "é" has one form, plus a compatibility mapping for spaces and
 * ligatures only: NFKC on the whole text would also rewrite full-width CJK, superscripts and
 * other characters that carry meaning. Composition comes last: an expanded ligature can meet a
 * combining mark ("ﬁ" + U+0308 → "fï"), and the result must already be in NFC.
 */
export function normalizeUnicode(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text
    .replace(EXOTIC_SPACES, ' ')
    .replace(LIGATURES, (ligature) => ligature.normalize('NFKC'))
    .replace(LINE_SEPARATORS, '\n')
    .normalize('NFC');
}
