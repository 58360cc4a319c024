// Abbreviations (lower-case, without the dot) after which a full stop does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'sra',
  'srta',
  'st',
  'jr',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'no',
  'nos',
  'fig',
  'figs',
  'p',
  'pp',
  'vol',
  'ed',
  'eds',
  'approx',
  'ca',
  'cf',
  'gen',
  'gov',
  'lt',
  'col',
  'capt',
  'u.s',
  'u.k',
  'a.m',
  'p.m',
  'dept',
  'inc',
  'ltd',
  'co',
  'corp',
  'mt',
  'av',
  'avda',
  'pag',
  'pág',
  'núm',
  'num',
  'tel',
  'ud',
  'uds',
  'dra',
  'lic',
  'ing',
  'art',
  'cap',
  'vid',
  'op',
  'cit',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'ene',
  'abr',
  'ago',
  'dic',
]);

// A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace,
// then something that can start a sentence.
const BOUNDARY = /([.!?…]+)(["'”’»)\]]*)(\s+)(?=["'“‘«([¿¡]?[\p{Lu}\p{N}])/gu;

/**
 * Splits prose into sentences for English and Spanish, keeping decimals ("3.5"),
 * initials ("J. K. Rowling") and common abbreviations ("Dr.", "Sra.", "e.g.") intact.
 * Every character of the input except the whitespace between sentences is kept.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(BOUNDARY)) {
    const end = match.index + match[1]!.length + match[2]!.length;
    if (match[1] === '.' && !match[2] && isAbbreviationBefore(text, match.index)) continue;
    const sentence = text.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = end + match[3]!.length;
  }
  const tail = text.slice(start).trim();
  if (tail) sentences.push(tail);
  return sentences;
}

function isAbbreviationBefore(text: string, dotIndex: number): boolean {
  let wordStart = dotIndex;
  while (wordStart > 0 && /[\p{L}.]/u.test(text[wordStart - 1]!)) wordStart -= 1;
  const word = text.slice(wordStart, dotIndex).toLowerCase();
  if (word.length === 0) return false;
  // A single letter is an initial ("J. K. Rowling"); a real one-letter last word is rare.
  if (word.length === 1 && /\p{L}/u.test(word)) return true;
  return ABBREVIATIONS.has(word);
}
