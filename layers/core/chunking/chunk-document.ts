import type { ParsedDocument } from '../parsing/parsed-document.js';
import { splitSentences } from '../text/split-sentences.js';
import { countTokens, type TokenCounter } from '../text/token-counter.js';
import { type Chunk, formatContextualHeader } from './chunk.js';

export interface ChunkingOptions {
  /** Upper bound on the tokens of header + body. @default 350 */
  maxTokens?: number;
  /** Tokens of the previous chunk's tail repeated at the start of the next one. @default 50 */
  overlapTokens?: number;
  countTokens?: TokenCounter;
}

export const DEFAULT_CHUNK_TOKENS = 350;
export const DEFAULT_CHUNK_OVERLAP_TOKENS = 50;
const MIN_BODY_TOKENS = 32;

/** A piece of text that is packed whole; `paragraph` tells whether it joins its neighbour with a blank line or a space. */
interface Unit extends Piece {
  paragraph: number;
  page?: number;
}

/**
 * Structure-aware recursive chunking: sections (heading paths) are never mixed; inside a
 * section, paragraphs are packed up to the token budget; a paragraph too large is split into
 * sentences, a sentence into words, and a word into characters.
 */
export function chunkDocument(document: ParsedDocument, options: ChunkingOptions = {}): Chunk[] {
  const maxTokens = options.maxTokens ?? DEFAULT_CHUNK_TOKENS;
  const overlapTokens = Math.min(options.overlapTokens ?? DEFAULT_CHUNK_OVERLAP_TOKENS, Math.floor(maxTokens / 2));
  const exactCount = options.countTokens ?? countTokens;
  // Packing counts a body, then the same body again while deciding what to hand back: remembered per document.
  const counts = new Map<string, number>();
  const count = memoizedTokenCounter(options.countTokens ?? boundedTokenCounter(countTokens), counts);
  // The composition rules below hold for cl100k's pre-tokenizer, not for an arbitrary counter.
  const composable = options.countTokens === undefined;
  // For a text without long runs the bounded count is the exact one, so both share one memo.
  const runFreeCount = composable ? memoizedTokenCounter(countTokens, counts) : count;
  if (!Number.isInteger(maxTokens) || maxTokens < 64) throw new RangeError(`maxTokens must be an integer ≥ 64 (got ${maxTokens})`);
  if (overlapTokens < 0) throw new RangeError('overlapTokens must be ≥ 0');

  const chunks: Chunk[] = [];
  let paragraphId = 0;
  for (const group of groupSections(document)) {
    const header = boundedHeader(formatContextualHeader(document.title, group.headingPath), maxTokens, count);
    const headerTokens = count(header) + 1;
    const budget = Math.max(MIN_BODY_TOKENS, maxTokens - headerTokens);
    const headerWithBreakTokens = composable ? exactCount(`${header}\n\n`) : 0;
    // Units are trimmed pieces of the blocks joined by one space or a blank line, so no text
    // built from run-free blocks has a long run: the scan for runs is done once here.
    const runFree = composable && group.blocks.every((block) => longRuns(block.text).length === 0);
    const bodyCount = runFree ? runFreeCount : count;
    const units: Unit[] = [];
    for (const block of group.blocks) {
      for (const paragraph of block.text.split(/\n\s*\n/)) {
        const text = paragraph.trim();
        if (!text) continue;
        paragraphId += 1;
        for (const piece of splitToFit(text, budget, bodyCount)) units.push({ ...piece, paragraph: paragraphId, page: block.page });
      }
    }
    for (const body of pack(units, budget, overlapTokens, bodyCount, composable)) {
      const chunk: Chunk = {
        ordinal: chunks.length,
        header,
        body: body.text,
        headingPath: group.headingPath,
        tokenCount: 0,
      };
      if (body.page !== undefined) chunk.page = body.page;
      chunk.tokenCount =
        composable && startsWithoutSpace(body.text) && (runFree || longRuns(body.text).length === 0)
          ? headerWithBreakTokens + bodyCount(body.text)
          : exactCount(`${header}\n\n${body.text}`);
      chunks.push(chunk);
    }
  }
  return chunks;
}

/**
 * Longest run of non-space (or of space) characters handed to the tokenizer whole. Byte-pair
 * encoding is quadratic in the length of one such run: 64 KB of dots or of one letter take
 * seconds, a few hundred KB minutes, while prose never has runs this long.
 */
const MAX_COUNTED_RUN = 256;

/**
 * Counts tokens exactly, except that runs longer than {@link MAX_COUNTED_RUN} count as their
 * UTF-8 length (no token is shorter than a byte) plus two for the tokens that straddle their
 * edges: an upper bound, so chunks still fit, at a cost linear in the text. Such runs are then
 * split by characters into pieces the tokenizer counts quickly.
 */
function boundedTokenCounter(count: TokenCounter): TokenCounter {
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
function memoizedTokenCounter(count: TokenCounter, counts: Map<string, number>): TokenCounter {
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

function startsWithoutSpace(text: string): boolean {
  return text.length > 0 && !isSpace(text.charCodeAt(0));
}

/** [start, end) of every maximal run of whitespace or of non-whitespace longer than {@link MAX_COUNTED_RUN}. */
function longRuns(text: string): [number, number][] {
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
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

interface SectionGroup {
  headingPath: string[];
  blocks: { text: string; page?: number }[];
}

function groupSections(document: ParsedDocument): SectionGroup[] {
  const groups: SectionGroup[] = [];
  let key = '';
  for (const section of document.sections) {
    const sectionKey = section.headingPath.join('\u0000');
    const last = groups.at(-1);
    if (last && sectionKey === key) last.blocks.push({ text: section.text, page: section.page });
    else groups.push({ headingPath: [...section.headingPath], blocks: [{ text: section.text, page: section.page }] });
    key = sectionKey;
  }
  return groups;
}

function boundedHeader(header: string, maxTokens: number, count: TokenCounter): string {
  const limit = Math.floor(maxTokens / 3);
  if (count(header) <= limit) return header;
  const words = header.split(/\s+/);
  const withEllipsis = (wordCount: number) => `${words.slice(0, wordCount).join(' ')} …`;
  // The most leading words that fit with the ellipsis, found by halving: a title can be a whole paragraph.
  let fits = 1;
  let tooMany = words.length + 1;
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2);
    if (count(withEllipsis(middle)) <= limit) fits = middle;
    else tooMany = middle;
  }
  const shortened = withEllipsis(fits);
  if (count(shortened) <= limit) return shortened;
  // A single word over the limit (a long file name used as the title) is cut by characters.
  const characters = Array.from(words[0]!);
  let size = Math.min(characters.length, limit * 4);
  while (size > 0 && count(`${characters.slice(0, size).join('')} …`) > limit) size = size > 8 ? Math.floor(size * 0.9) : size - 1;
  return size > 0 ? `${characters.slice(0, size).join('')} …` : '…';
}

interface Piece {
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
function splitToFit(text: string, budget: number, count: TokenCounter): Piece[] {
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

interface PackedBody {
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
function pack(units: readonly Unit[], budget: number, overlapTokens: number, count: TokenCounter, composable: boolean): PackedBody[] {
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
