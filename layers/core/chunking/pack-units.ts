import { splitSentences } from '../text/split-sentences.js';
import type { TokenCounter } from '../text/token-counter.js';
import { MAX_COUNTED_RUN } from './chunk-token-counting.js';
import type { Piece } from './split-to-fit.js';

/** A piece of text that is packed whole; `paragraph` tells whether it joins its neighbour with a blank line or a space. */
export interface Unit extends Piece {
  paragraph: number;
  page?: number;
}

export interface PackedBody {
  text: string;
  page?: number;
}

function joinUnits(units: readonly Unit[]): string {
  let text = '';
  for (let i = 0; i < units.length; i += 1) {
    const unit = units[i]!;
    if (i > 0) text += units[i - 1]!.paragraph === unit.paragraph ? unit.glue : '\n\n';
    text += unit.text;
  }
  return text;
}

/** Packs units into bodies within the budget, starting each body with the previous body's tail. */
export function pack(units: readonly Unit[], budget: number, overlapTokens: number, count: TokenCounter, composable: boolean): PackedBody[] {
  const bodies: PackedBody[] = [];
  let current: Unit[] = [];
  let currentTokens = 0;
  let fresh = 0; // units in `current` that are not overlap carried from the previous body

  /** Emits the current body; returns how many units it handed back for the next body. */
  const flush = (): number => {
    if (fresh === 0) return 0;
    let text = joinUnits(current);
    let handedBack = 0;
    // Sums of piece counts can undercount a join by a token or two; hand units back until it is exact.
    while (fresh > 1 && count(text) > budget) {
      current.pop();
      fresh -= 1;
      handedBack += 1;
      text = joinUnits(current);
    }
    while (current.length > fresh && count(text) > budget) {
      current.shift();
      text = joinUnits(current);
    }
    // The page is where the body's own text starts: the overlap carried from the previous body
    // repeats the end of an earlier page, and citing that page would send the reader back one.
    const own = current.slice(current.length - fresh);
    bodies.push({ text, page: (own.find((unit) => unit.page !== undefined) ?? current.find((unit) => unit.page !== undefined))?.page });
    const carried = tail(current, overlapTokens, count, composable);
    current = carried;
    currentTokens = carried.reduce((sum, unit) => sum + unit.tokens + 1, 0);
    fresh = 0;
    return handedBack;
  };

  let index = 0;
  while (index < units.length) {
    const unit = units[index]!;
    if (currentTokens + unit.tokens + 1 > budget && fresh > 0) {
      index -= flush();
      continue;
    }
    if (currentTokens + unit.tokens + 1 > budget && fresh === 0 && current.length > 0) {
      // The carried tail and this unit do not fit together: drop the tail.
      current = [];
      currentTokens = 0;
    }
    current.push(unit);
    currentTokens += unit.tokens + 1;
    fresh += 1;
    index += 1;
    if (index === units.length) index -= flush();
  }
  return bodies;
}

/** The trailing units (or sentences, or words) of a body, at most `overlapTokens` long. */
function tail(units: readonly Unit[], overlapTokens: number, count: TokenCounter, composable: boolean): Unit[] {
  if (overlapTokens === 0 || units.length < 1) return [];
  const carried: Unit[] = [];
  let tokens = 0;
  // Never carry every unit: the next chunk would repeat this one whole.
  for (let i = units.length - 1; i >= 1; i -= 1) {
    const unit = units[i]!;
    if (tokens + unit.tokens + 1 > overlapTokens) break;
    carried.unshift(unit);
    tokens += unit.tokens + 1;
  }
  if (carried.length > 0) return carried;
  const last = units.at(-1)!;
  const sentences = splitSentences(last.text);
  const kept: string[] = [];
  for (let i = sentences.length - 1; i >= 1; i -= 1) {
    const sentenceTokens = count(sentences[i]!);
    if (tokens + sentenceTokens + 1 > overlapTokens) break;
    kept.unshift(sentences[i]!);
    tokens += sentenceTokens + 1;
  }
  if (kept.length === 0) {
    const words = last.text.split(/\s+/);
    const first = trailingWordsWithin(words, overlapTokens, count, composable);
    for (let i = words.length - 1; i >= first; i -= 1) kept.unshift(words[i]!);
  }
  if (kept.length === 0) return [];
  const text = kept.join(' ');
  return [{ text, tokens: count(text), glue: ' ', paragraph: last.paragraph, page: last.page }];
}

/**
 * The index of the first of the trailing words (never the first word) whose join by spaces,
 * counted from each word back, stays within `limit`: the walk stops at the first word that
 * does not fit. With cl100k the join's count is built word by word instead of counting every
 * growing suffix again.
 */
function trailingWordsWithin(words: readonly string[], limit: number, count: TokenCounter, composable: boolean): number {
  // Words up to MAX_COUNTED_RUN long are never counted as runs, so the bounded count is the exact one.
  const additive = composable && words.every((word) => word.length > 0 && word.length <= MAX_COUNTED_RUN);
  let first = words.length;
  let spacedTokens = 0; // Σ count(" " + w) over the words kept so far
  for (let i = words.length - 1; i > 0; i -= 1) {
    const word = words[i]!;
    const tokens = additive ? count(word) + spacedTokens : count(words.slice(i).join(' '));
    if (tokens > limit) break;
    if (additive) spacedTokens += count(` ${word}`);
    first = i;
  }
  return first;
}
