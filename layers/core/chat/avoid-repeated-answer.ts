import type { RetrievedChunk } from '../store/retrieved-chunk.js';
import { excerptAround } from './citation.js';
import { buildExtractiveAnswer, type ExtractiveAnswer, type ExtractiveAnswerOptions } from './extractive-answer.js';

/**
 * The extractive answer to a follow-up, preferring something new: when every sentence it would
 * quote was already quoted in the previous answer ("When did he build it?" answered again with
 * "The piano was invented by Cristofori"), those sentences are set aside and the next-best
 * sentences are quoted instead. If nothing else answers, the repeat stands: the same sentence
 * may really be the answer.
 */
export function answerAvoidingRepeat(
  question: string,
  chunks: readonly RetrievedChunk[],
  options: ExtractiveAnswerOptions,
  previousAnswer: string | undefined,
): ExtractiveAnswer {
  const first = buildExtractiveAnswer(question, chunks, options);
  if (!previousAnswer || !first.supported) return first;
  const previous = quotedSentences(previousAnswer);
  const quoted = quotedSentences(first.answer);
  if (quoted.length === 0 || !quoted.every((sentence) => previous.some((seen) => sameSentence(seen, sentence)))) return first;

  // Blank the repeated sentences with spaces, so every other offset in the chunk holds.
  const blanked = chunks.map((chunk) => ({ ...chunk, text: previous.reduce(blankOut, chunk.text) }));
  const second = buildExtractiveAnswer(question, blanked, options);
  if (!second.supported) return first;
  // Excerpts come from the original text, repeated sentence and all.
  const runs = citedRuns(second.answer);
  const citations = second.citations.map((citation) => {
    const original = chunks.find((chunk) => chunk.chunkId === citation.chunkId);
    const sentence = runs.get(citation.n);
    const at = original && sentence ? locate(original.text, sentence) : undefined;
    if (!original || !at) return citation;
    return { ...citation, excerpt: excerptAround(original.text, at.start, at.end, options.excerptChars ?? 300) };
  });
  return { ...second, citations };
}

/** The sentences an answer quotes, without markers, highlights or the lead-in naming the document. */
export function quotedSentences(answer: string): string[] {
  const text = answer
    .replace(/\*\*/g, '')
    // A supported yes/no answer starts with its verdict, which is not a quoted sentence.
    .replace(/^\s*(?:yes|no|sí|si)\.\s*/iu, '')
    .replace(/^\s*(?:(?:from|according to|in|según|de|en)\s+["“«][^"”»]*["”»]|from the documents|según los documentos)\s*:\s*/iu, '')
    .replace(/\s*\[\d+\]/g, ' ')
    // Quotation marks frame the quote; the sentence in the document has none.
    .replace(/[“”«»]/gu, '');
  return text
    .split(/(?<=[.!?…])\s+/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

function normalise(sentence: string): string {
  return sentence.replace(/\s+/g, ' ').trim().toLowerCase();
}

function sameSentence(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

function sentencePattern(sentence: string): RegExp {
  const escaped = sentence
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\s+/g, '\\s+');
  return new RegExp(escaped, 'giu');
}

function blankOut(text: string, sentence: string): string {
  return text.replace(sentencePattern(sentence), (match) => ' '.repeat(match.length));
}

function locate(text: string, sentence: string): { start: number; end: number } | undefined {
  const match = sentencePattern(sentence).exec(text);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}

/** For each citation number, the first sentence quoted before its marker. */
function citedRuns(answer: string): Map<number, string> {
  const runs = new Map<number, string>();
  for (const match of answer.matchAll(/([^[\]]+?)\s*\[(\d+)\]/gu)) {
    const n = Number(match[2]);
    const first = quotedSentences(match[1]!)[0];
    if (first && !runs.has(n)) runs.set(n, first);
  }
  return runs;
}
