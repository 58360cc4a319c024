import type { RetrievedChunk } from '../retrieval/retrieved-chunk.js';
import { buildCitation, excerptAround, type Citation } from './citation.js';
import type { Language } from './detect-language.js';
import { scoreSentences, type ScoredSentence } from './sentence-scoring.js';

export interface ExtractiveAnswerOptions {
  language: Language;
  /** Most sentences quoted, 1..3. @default 2 */
  maxSentences?: number;
  /** Least weighted share of the question's terms a sentence must hold to answer it. @default 0.4 */
  minCoverage?: number;
  /** Length of each citation excerpt. @default 300 */
  excerptChars?: number;
}

export interface ExtractiveAnswer {
  answer: string;
  citations: Citation[];
  /** False when no sentence of the documents answers the question; `answer` then says so. */
  supported: boolean;
}

const NOT_FOUND: Record<'es' | 'en', string> = {
  es: 'No encuentro esa información en los documentos.',
  en: "I couldn't find that in the documents.",
};

const EXTRACTIVE_LABEL: Record<'es' | 'en', string> = {
  es: 'Respuesta extractiva: frases citadas de tus documentos.',
  en: 'Extractive answer: sentences quoted from your documents.',
};

/** The plain "not in the documents" reply, in Spanish or (for any other language) English. */
export function notFoundReply(language: Language): string {
  return language === 'es' ? NOT_FOUND.es : NOT_FOUND.en;
}

/** A short label telling the user the answer quotes the documents rather than composing a reply. */
export function extractiveLabel(language: Language): string {
  return language === 'es' ? EXTRACTIVE_LABEL.es : EXTRACTIVE_LABEL.en;
}

/**
 * Tuned on XQuAD (es, en) and the CMU Wikipedia QA set: at 0.4 about 70% of the sentences that
 * hold the gold answer qualify, while under 4% of questions about other articles find a sentence.
 */
export const DEFAULT_MIN_COVERAGE = 0.4;

// A further sentence must come close to the best one to be worth the reader's time.
const COMPANION_SCORE_RATIO = 0.6;
const COMPANION_COVERAGE_RATIO = 0.75;
const DUPLICATE_JACCARD = 0.7;

/**
 * The offline answer: quotes the 1–3 retrieved sentences that best match the question, in
 * reading order, each run followed by a [n] marker that maps to `citations`. Document text is
 * only ever quoted, never followed, and a sentence is chosen only for its overlap with the
 * question — so text planted in a document cannot steer the answer.
 *
 * A sentence answers when it holds at least `minCoverage` of the question's weighted terms
 * (its chunk's title and headings count half) and its chunk mentions at least half of the
 * question's names and numbers; otherwise the answer is the plain "not in the documents" reply.
 * Pass the standalone query (after rewriteQuery) as `question`, so follow-ups carry their subject.
 */
export function buildExtractiveAnswer(
  question: string,
  chunks: readonly RetrievedChunk[],
  options: ExtractiveAnswerOptions,
): ExtractiveAnswer {
  const unsupported: ExtractiveAnswer = { answer: notFoundReply(options.language), citations: [], supported: false };
  const maxSentences = Math.max(1, Math.min(3, options.maxSentences ?? 2));
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;

  const scored = scoreSentences(question, chunks, options.language);
  const answering = (sentence: ScoredSentence, coverageFloor: number) =>
    sentence.matchedInSentence > 0 && sentence.coverage >= coverageFloor && sentence.entityCoverage >= 0.5;
  const ranked = scored.filter((sentence) => answering(sentence, minCoverage * COMPANION_COVERAGE_RATIO)).sort(byScore);
  const best = ranked.find((sentence) => answering(sentence, minCoverage));
  if (!best) return unsupported;

  const chosen: ScoredSentence[] = [best];
  for (const candidate of ranked) {
    if (chosen.length >= maxSentences) break;
    if (candidate === best) continue;
    if (candidate.score < best.score * COMPANION_SCORE_RATIO) break;
    if (chosen.some((sentence) => isNearDuplicate(sentence, candidate))) continue;
    chosen.push(candidate);
  }

  // Reading order: chunks by retrieval rank, sentences as they stand in the chunk.
  const ordered = [...chosen].sort((a, b) => a.chunkIndex - b.chunkIndex || a.sentenceIndex - b.sentenceIndex);
  const citations: Citation[] = [];
  const numberOfChunk = new Map<number, number>();
  const parts: string[] = [];
  ordered.forEach((sentence, index) => {
    let n = numberOfChunk.get(sentence.chunkIndex);
    if (n === undefined) {
      n = citations.length + 1;
      numberOfChunk.set(sentence.chunkIndex, n);
      const chunk = chunks[sentence.chunkIndex]!;
      // The excerpt centres on the chunk's best chosen sentence.
      const anchor = chosen.find((item) => item.chunkIndex === sentence.chunkIndex)!;
      citations.push(buildCitation(n, chunk, excerptAround(chunk.text, anchor.start, anchor.end, options.excerptChars ?? 300)));
    }
    const next = ordered[index + 1];
    // One marker per run of sentences from the same chunk.
    parts.push(next && next.chunkIndex === sentence.chunkIndex ? sentence.text : `${sentence.text} [${n}]`);
  });
  return { answer: parts.join(' '), citations, supported: true };
}

function byScore(a: ScoredSentence, b: ScoredSentence): number {
  return b.score - a.score || a.chunkIndex - b.chunkIndex || a.sentenceIndex - b.sentenceIndex;
}

function isNearDuplicate(a: ScoredSentence, b: ScoredSentence): boolean {
  if (a.terms.size === 0 || b.terms.size === 0) return a.text === b.text;
  let shared = 0;
  for (const term of a.terms) if (b.terms.has(term)) shared += 1;
  return shared / (a.terms.size + b.terms.size - shared) >= DUPLICATE_JACCARD;
}
