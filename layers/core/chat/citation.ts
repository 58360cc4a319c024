import type { RetrievedChunk } from '../store/retrieved-chunk.js';

/** A numbered source of an answer: what the chat response's `citations` carry, plus the chunk id. */
export interface Citation {
  /** The marker number: "[1]" in the answer text is citation n = 1. */
  n: number;
  chunkId: string;
  documentId: string;
  source: string;
  title: string;
  page?: number;
  /** Heading path inside the document, joined with " › ". */
  heading?: string;
  /** The chunk's fused retrieval score, 0..1. */
  score: number;
  /** The passage that supports the answer, about 300 characters. */
  excerpt: string;
  /** The whole chunk the excerpt was cut from, so a reader can expand the excerpt to it. */
  passage: string;
}

export const HEADING_SEPARATOR = ' › ';

export function buildCitation(n: number, chunk: RetrievedChunk, excerpt: string): Citation {
  const citation: Citation = {
    n,
    chunkId: chunk.chunkId,
    documentId: chunk.documentId,
    source: chunk.source,
    title: chunk.title,
    score: chunk.score,
    excerpt,
    passage: chunk.text,
  };
  if (chunk.page !== undefined) citation.page = chunk.page;
  const heading = chunk.headingPath.filter((part) => part.trim()).join(HEADING_SEPARATOR);
  if (heading) citation.heading = heading;
  return citation;
}

/**
 * About `maxChars` of `text` around [start, end), cut at word boundaries and marked with "…"
 * where cut; whitespace runs collapse to one space.
 */
export function excerptAround(text: string, start: number, end: number, maxChars = 300): string {
  let from: number;
  let to: number;
  if (end - start >= maxChars) {
    from = start;
    to = start + maxChars;
  } else {
    const slack = maxChars - (end - start);
    from = Math.max(0, start - Math.floor(slack / 2));
    to = Math.min(text.length, from + maxChars);
    from = Math.max(0, to - maxChars);
  }
  // Cut at whole words, never into the span itself when it fits.
  if (from > 0 && from < start && /\S/.test(text[from - 1]!)) {
    const next = text.slice(from, start).search(/\s/);
    from = next >= 0 ? from + next + 1 : start;
  }
  if (to < text.length && /\S/.test(text[to]!)) {
    const floor = end <= to ? end : from + 1;
    const lastSpace = text.slice(floor, to).search(/\s\S*$/);
    if (lastSpace >= 0) to = floor + lastSpace;
  }
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}
