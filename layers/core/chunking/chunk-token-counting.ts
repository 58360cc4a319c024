import type { TokenCounter } from '../text/token-counter.js';

/**
 * Longest run of non-space (or of space) characters handed to the tokenizer whole. Byte-pair
 * encoding is quadratic in the length of one such run: 64 KB of dots or of one letter take
 * seconds, a few hundred KB minutes, while prose never has runs this long.
 */
export const MAX_COUNTED_RUN = 256;

/**
 * Counts tokens exactly, except that runs longer than {@link MAX_COUNTED_RUN} count as their
 * UTF-8 length (no token is shorter than a byte) plus two for the tokens that straddle their
 * edges: an upper bound, so chunks still fit, at a cost linear in the text. Such runs are then
 * split by characters into pieces the tokenizer counts quickly.
 */
export function boundedTokenCounter(count: TokenCounter): TokenCounter {
  return (text) => {
    const runs = longRuns(text);
    if (runs.length === 0) return count(text);
    let tokens = 0;
    let from = 0;
    for (const [start, end] of runs) {
      tokens += count(text.slice(from, start)) + Buffer.byteLength(text.slice(start, end)) + 2;
      from = end;
    }
    return tokens + count(text.slice(from));
  };
}

/**
 * Remembers the counts of one document's texts. A body is counted while packing and again
 * while deciding whether to hand units back; a carried tail is counted when it is built and
 * again as a unit.
 */
export function memoizedTokenCounter(count: TokenCounter, counts: Map<string, number>): TokenCounter {
  return (text) => {
    let tokens = counts.get(text);
    if (tokens === undefined) {
      tokens = count(text);
      counts.set(text, tokens);
    }
    return tokens;
  };
}

/*
 * cl100k's pre-tokenizer splits text into pieces and encodes each piece alone, so a text's count
 * is the sum of its pieces' counts. Its pattern has no look-behind and looks ahead at most past
 * the run of letters, digits, punctuation or whitespace it is in, which gives two exact rules:
 *  - header + "\n\n" + body, where body starts with a non-space: the break ends a piece (alone or
 *    glued to the header's trailing punctuation) and the body's pieces start afresh, so the count
 *    is count(header + "\n\n") + count(body);
 *  - words joined by single spaces: every piece ends inside a word or at its end, and each space
 *    starts a piece with the word after it, so count("w1 w2 … wn") = count("w1") + Σ count(" wi").
 * Tests check both against the tokenizer on the whole text.
 */

export function startsWithoutSpace(text: string): boolean {
  return text.length > 0 && !isSpace(text.charCodeAt(0));
}

/** [start, end) of every maximal run of whitespace or of non-whitespace longer than {@link MAX_COUNTED_RUN}. */
export function longRuns(text: string): [number, number][] {
  const runs: [number, number][] = [];
  if (text.length <= MAX_COUNTED_RUN) return runs;
  let start = 0;
  let space = isSpace(text.charCodeAt(0));
  for (let i = 1; i <= text.length; i += 1) {
    const next = i < text.length ? isSpace(text.charCodeAt(i)) : !space;
    if (next === space) continue;
    if (i - start > MAX_COUNTED_RUN) runs.push([start, i]);
    start = i;
    space = next;
  }
  return runs;
}

/** The characters of the regular expression class \s. */
export function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
