import { foldText } from '../text/index.js';
import { isNoiseWord, termTokens } from './content-terms.js';

export interface SalientTerms {
  /** Quoted titles, capitalised names and numbers. */
  names: string[];
  numbers: string[];
  /** Other content words, lower-case, in order. */
  words: string[];
}

/** Quoted titles, runs of capitalised words, numbers and the remaining content words of a text. */
export function salientTerms(text: string): SalientTerms {
  const names: string[] = [];
  const numbers: string[] = [];
  const words: string[] = [];
  const quoted = [...text.matchAll(/["“«]([^"”»]{2,80})["”»]/gu)].map((match) => match[1]!.trim());
  names.push(...quoted);
  const insideQuotes = new Set(quoted.flatMap((title) => termTokens(title)));

  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) names.push(run.join(' '));
    run = [];
  };
  for (const match of text.matchAll(/\p{N}+(?:[.,]\p{N}+)*|[\p{L}][\p{L}\p{N}'’-]*/gu)) {
    const raw = match[0];
    const folded = foldText(raw.replace(/['’]s$/u, ''));
    if (insideQuotes.has(folded)) {
      flush();
      continue;
    }
    if (/^\p{N}/u.test(raw)) {
      flush();
      numbers.push(raw);
      continue;
    }
    if (/^\p{Lu}/u.test(raw) && raw.length > 1 && !isNoiseWord(folded)) {
      run.push(raw.replace(/['’]s$/u, ''));
      continue;
    }
    flush();
    if (!isNoiseWord(folded) && folded.length >= 4) words.push(raw.toLowerCase());
  }
  flush();
  return { names, numbers, words };
}
