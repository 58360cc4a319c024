/** A hyphen ending a line after a letter, followed by a lower-case letter on the next line. */
const HYPHENATED_LINE_BREAK = /(?<=\p{L})[-\u2010][ \t]*\n[ \t]*(?=\p{Ll})/gu;

/**
 * Rejoins words that typesetting split across lines: "inter-\nnational" → "international".
 * Hyphens inside a line ("well-known") and before a capital ("Anti-\nRacism") stay.
 */
export function joinHyphenatedLineBreaks(text: string): string {
  return text.includes('\n') ? text.replace(HYPHENATED_LINE_BREAK, '') : text;
}
