/** A hyphen ending a line after a letter, followed by a lower-case letter on the next line: `head-\ntail`. */
const HYPHENATED_SPLIT = /(?<!\p{L})(\p{L}+)([-\u2010])[ \t]*\n[ \t]*(?=(\p{Ll}\p{L}*))/gu;

/** A whole word split across one or more line-end hyphens; its pieces are not evidence of anything. */
const SPLIT_RUN = /(?<!\p{L})\p{L}+(?:[-\u2010][ \t]*\n[ \t]*\p{L}+)+/gu;

/** A word, or a compound written with hyphens inside one line ("well-known"). */
const WORD = /\p{L}+(?:[-\u2010]\p{L}+)*/gu;

/** Words of a text, lower-cased, as the evidence the decision at each line-end hyphen rests on. */
export type Vocabulary = ReadonlySet<string>;

/**
 * The words a document uses outside its line-end hyphens: each word, each compound written on
 * one line ("highest-pitched") and each part of such a compound. The pieces around a line-end
 * hyphen are left out, so that "ta-\nble" does not make "ta" look like a word.
 */
export function documentVocabulary(texts: readonly string[]): Vocabulary {
  const words = new Set<string>();
  for (const text of texts) {
    for (const match of text.replace(SPLIT_RUN, ' ').matchAll(WORD)) {
      const word = match[0].toLowerCase().replace(/\u2010/g, '-');
      words.add(word);
      if (word.includes('-')) for (const part of word.split('-')) words.add(part);
    }
  }
  return words;
}

/**
 * Rejoins words that typesetting split across lines ("inter-\nnational" → "international"), and
 * keeps the hyphen of a compound that merely broke at its hyphen ("highest-\npitched"). The
 * document's own vocabulary decides: the joined form used elsewhere means a split word; the
 * hyphenated form used elsewhere, or both halves used as words on their own, means a compound.
 * Without evidence either way the word is joined, since typesetting splits far more words than
 * it breaks compounds. Hyphens inside a line ("well-known") and before a capital ("Anti-\nRacism")
 * stay. Pass the vocabulary of the whole document when the text is one part of it.
 */
export function joinHyphenatedLineBreaks(text: string, vocabulary?: Vocabulary): string {
  if (!LINE_END_HYPHEN.test(text)) return text;
  const words = vocabulary ?? documentVocabulary([text]);
  return text.replace(HYPHENATED_SPLIT, (_match: string, head: string, hyphen: string, tail: string) =>
    isCompound(head.toLowerCase(), tail.toLowerCase(), words) ? `${head}${hyphen}` : head,
  );
}

// The patterns above start only at a word's first letter (the look-behind), so a long run of
// letters is scanned once rather than once per letter, which was quadratic.
const LINE_END_HYPHEN = /[-\u2010][ \t]*\n/u;

function isCompound(head: string, tail: string, vocabulary: Vocabulary): boolean {
  if (vocabulary.has(head + tail)) return false;
  if (vocabulary.has(`${head}-${tail}`)) return true;
  return vocabulary.has(head) && vocabulary.has(tail);
}
