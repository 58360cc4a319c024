import type { ParsedDocument } from '../parsing/parsed-document.js';
import { countTokens, type TokenCounter } from '../text/token-counter.js';
import { type Chunk, formatContextualHeader } from './chunk.js';
import { boundedTokenCounter, longRuns, memoizedTokenCounter, startsWithoutSpace } from './chunk-token-counting.js';
import { type Unit, pack } from './pack-units.js';
import { splitToFit } from './split-to-fit.js';

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
