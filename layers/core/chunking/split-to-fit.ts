import { splitSentences } from '../text/split-sentences.js';
import type { TokenCounter } from '../text/token-counter.js';
import { isSpace, longRuns } from './chunk-token-counting.js';

export interface Piece {
  text: string;
  tokens: number;
  /** How the piece joins the previous piece of the same paragraph: a space, or nothing inside a split word. */
  glue: ' ' | '';
}

/**
 * Splits text into pieces of at most `budget` tokens at the coarsest boundary that works:
 * the whole paragraph, then its sentences one by one (so packing and overlap work at
 * sentence granularity), then runs of words, then characters.
 */
export function splitToFit(text: string, budget: number, count: TokenCounter): Piece[] {
  const tokens = count(text);
  if (tokens <= budget) return [{ text, tokens, glue: ' ' }];
  const runs = longRuns(text).filter(([start]) => !isSpace(text.charCodeAt(start)));
  // Long runs (dot leaders, blobs) are split by characters right away: sentence splitting is quadratic in a run of dots.
  if (runs.length > 0) return splitAroundRuns(text, runs, budget, count);
  const sentences = splitSentences(text);
  if (sentences.length > 1) return sentences.flatMap((sentence) => splitToFit(sentence, budget, count));
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length > 1) return packWords(words, budget, count);
  return splitCharacters(text, budget, count);
}

function splitAroundRuns(text: string, runs: readonly [number, number][], budget: number, count: TokenCounter): Piece[] {
  const pieces: Piece[] = [];
  let from = 0;
  for (const [start, end] of runs) {
    const before = text.slice(from, start).trim();
    if (before) pieces.push(...splitToFit(before, budget, count));
    pieces.push(...splitCharacters(text.slice(start, end), budget, count));
    from = end;
  }
  const after = text.slice(from).trim();
  if (after) pieces.push(...splitToFit(after, budget, count));
  return pieces;
}

function packWords(words: string[], budget: number, count: TokenCounter): Piece[] {
  const out: Piece[] = [];
  let current = '';
  let currentTokens = 0;
  const push = () => {
    if (current) out.push({ text: current, tokens: count(current), glue: ' ' });
    current = '';
    currentTokens = 0;
  };
  for (const word of words) {
    const wordTokens = count(word);
    if (wordTokens > budget) {
      push();
      out.push(...splitCharacters(word, budget, count));
      continue;
    }
    if (current && currentTokens + 1 + wordTokens > budget) push();
    current = current ? `${current} ${word}` : word;
    currentTokens += wordTokens + 1;
  }
  push();
  return out.flatMap((piece) => (piece.tokens > budget ? splitCharacters(piece.text, budget, count) : [piece]));
}

function splitCharacters(text: string, budget: number, count: TokenCounter): Piece[] {
  const out: Piece[] = [];
  const chars = Array.from(text);
  let start = 0;
  while (start < chars.length) {
    let size = Math.min(chars.length - start, budget * 2);
    let piece = chars.slice(start, start + size).join('');
    while (size > 1 && count(piece) > budget) {
      size = Math.floor(size * 0.75);
      piece = chars.slice(start, start + size).join('');
    }
    out.push({ text: piece, tokens: count(piece), glue: out.length === 0 ? ' ' : '' });
    start += size;
  }
  return out;
}
