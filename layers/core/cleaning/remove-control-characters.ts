/**
 * C0 and C1 controls (except tab and line feed), soft hyphens, zero-width spaces, word
 * joiners, byte order marks and bidirectional embedding marks: invisible characters that split
 * words for search and embedding. The zero-width joiner and non-joiner stay: Persian, Indic
 * scripts and emoji sequences need them.
 */
const INVISIBLE = /[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** A soft hyphen ending a line marks where typesetting broke a word, so the line break goes too. */
const SOFT_HYPHEN_LINE_BREAK = /\u00ad[ \t]*\n[ \t]*/g;

/** Removes invisible characters; carriage returns and vertical tabs become line feeds and form feeds paragraph breaks. */
export function removeControlCharacters(text: string): string {
  return text
    .replace(/\r\n?|\v/g, '\n')
    .replace(/\f/g, '\n\n')
    .replace(SOFT_HYPHEN_LINE_BREAK, '')
    .replace(INVISIBLE, '');
}
