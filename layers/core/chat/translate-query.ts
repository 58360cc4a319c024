import { foldText } from '../text/index.js';
import { type BilingualLexicon, lexiconPair, loadLexicon } from './bilingual-lexicon.js';
import { isNoiseWord } from './content-terms.js';
import type { Language } from './detect-language.js';

export interface TranslateOptions {
  /** Translations kept per word; a word with several senses keeps the first few. @default 3 */
  maxSenses?: number;
  /** The lexicon to use instead of the shipped one for the pair (tests). */
  lexicon?: BilingualLexicon;
}

const TOKEN = /\p{N}+(?:[.,:]\p{N}+)*|[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;

/**
 * A word-by-word rendering of a question in another language, for retrieval only: each content
 * word is replaced by its dictionary translations (all inflected forms are in the lexicon, so
 * "nació" finds "born"), while numbers, names and words the lexicon does not know are kept as
 * they are. Function and question words are dropped. Undefined when no lexicon covers the pair
 * or no word was translated, since the original query already covers that case.
 */
export function translateQuery(text: string, from: Language, to: Language, options: TranslateOptions = {}): string | undefined {
  const pair = lexiconPair(from, to);
  const lexicon = options.lexicon ?? (pair ? loadLexicon(pair) : undefined);
  if (!lexicon) return undefined;
  const maxSenses = options.maxSenses ?? 3;
  const out: string[] = [];
  let translated = 0;
  for (const match of text.matchAll(TOKEN)) {
    const word = match[0];
    const folded = foldText(word);
    if (/^\p{N}/u.test(word)) {
      out.push(word);
      continue;
    }
    if (isNoiseWord(folded)) continue;
    const senses = lexicon.get(folded) ?? lexicon.get(folded.replace(/['’-]/g, ''));
    // A capitalised word inside the sentence is most likely a name: keep it whatever the lexicon
    // says ("Bush" is not "arbusto"), adding a translation only for names the lexicon lists.
    const isName = /^\p{Lu}/u.test(word) && match.index > 0 && !/[.?!¿¡]\s*$/u.test(text.slice(0, match.index));
    if (!senses) {
      out.push(word);
      continue;
    }
    if (isName) out.push(word);
    const kept = isName ? senses.filter((sense) => /^\p{Lu}/u.test(sense)).slice(0, 1) : senses.slice(0, maxSenses);
    for (const sense of kept) out.push(...senseWords(sense));
    if (kept.length > 0) translated += 1;
  }
  return translated > 0 ? [...new Set(out)].join(' ') : undefined;
}

/** The content words of a translation ("be born" → "born", "get married" → "married"). */
function senseWords(sense: string): string[] {
  const words = sense.split(/\s+/).filter((word) => !isNoiseWord(foldText(word)) && !LIGHT_VERBS.has(foldText(word)));
  return words.length > 0 ? words : [sense];
}

const LIGHT_VERBS = new Set(['get', 'make', 'take', 'hacer', 'tener', 'dar']);

/**
 * Offline alternate queries: the question in each other language the documents are written in,
 * when the lexicon covers the pair. Empty when the documents share the question's language.
 */
export function offlineAlternateQueries(query: string, language: Language, documentLanguages: readonly string[]): string[] {
  const alternates: string[] = [];
  for (const target of new Set(documentLanguages)) {
    if (target === language) continue;
    const translated = translateQuery(query, language, target);
    if (translated && translated !== query && !alternates.includes(translated)) alternates.push(translated);
  }
  return alternates;
}

/**
 * Least share of the documents a language must hold before questions are translated into it: a
 * few documents detected as another language (a Spanish quotation in an English corpus) would
 * otherwise add a second, mostly wrong, ranking to every question.
 */
export const MIN_LANGUAGE_SHARE = 0.05;

/** The languages that hold at least `minShare` of the documents, most documents first. */
export function searchLanguages(counts: readonly { language: string; documents: number }[], minShare = MIN_LANGUAGE_SHARE): string[] {
  const total = counts.reduce((sum, count) => sum + count.documents, 0);
  return counts.filter((count) => count.documents > 0 && count.documents >= total * minShare).map((count) => count.language);
}
