import type { RetrievedChunk } from '../store/retrieved-chunk.js';
import { foldText, splitSentences } from '../text/index.js';
import { contentTerms, isNoiseWord, stemTerm, stripAnswerTypePhrases, termTokens } from './content-terms.js';
import { detectLanguage, type Language } from './detect-language.js';
import { salientTerms } from './salient-terms.js';

/** A sentence of a chunk, with its place in the chunk text. */
export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

export interface ScoredSentence extends SentenceSpan {
  /** Index of the chunk in the retrieved list (its rank). */
  chunkIndex: number;
  /** Index of the sentence inside its chunk. */
  sentenceIndex: number;
  /** Stemmed content terms of the sentence. */
  terms: ReadonlySet<string>;
  /** Weighted share (0..1) of the question's terms found in the sentence or, at half weight, its title and headings. */
  coverage: number;
  /** How many question terms occur in the sentence itself. */
  matchedInSentence: number;
  /** Share of the question's names and numbers found whole in the sentence's chunk or its title (1 when it has none). */
  entityCoverage: number;
  /** Final ranking score: coverage plus retrieval, proximity and shape adjustments. */
  score: number;
}

export interface QuestionTerms {
  /** Unique stemmed content terms. */
  terms: string[];
  /** The question's names, quoted titles and numbers, each as its folded, unstemmed content words. */
  entities: string[][];
  /** Adjacent content-term pairs, in question order, for the proximity bonus. */
  pairs: [string, string][];
}

const CONTEXT_WEIGHT = 0.5;
const RETRIEVAL_WEIGHT = 0.15;
const PROXIMITY_WEIGHT = 0.08;
const PROXIMITY_WINDOW = 4;
const LONG_SENTENCE_TOKENS = 60;
const SHORT_SENTENCE_TOKENS = 4;

export function questionTerms(question: string, language: Language): QuestionTerms {
  const ordered = contentTerms(stripAnswerTypePhrases(foldText(question)), language);
  const terms = [...new Set(ordered)];
  return { terms, entities: questionEntities(question), pairs: adjacentPairs(ordered) };
}

/** The question's names and numbers, each as its words. Names match whole words, unstemmed: "Grant" must not meet "granting". */
export function questionEntities(question: string): string[][] {
  const salient = salientTerms(question);
  return [...salient.names, ...salient.numbers].map((name) => termTokens(name).filter((token) => !isNoiseWord(token))).filter((group) => group.length > 0);
}

/** Adjacent distinct terms, in question order, for the proximity bonus. */
export function adjacentPairs(ordered: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < ordered.length; i += 1) {
    if (ordered[i] !== ordered[i + 1]) pairs.push([ordered[i]!, ordered[i + 1]!]);
  }
  return pairs;
}

/**
 * Splits text into sentences with their offsets. Blank lines, bullets and short unpunctuated
 * lines (headings, table rows) end a sentence too, so a heading never fuses with the prose below it.
 */
export function sentenceSpans(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  for (const block of blocksOf(text)) {
    let cursor = block.start;
    for (const sentence of splitSentences(text.slice(block.start, block.end))) {
      const start = text.indexOf(sentence, cursor);
      if (start < 0) continue;
      const end = start + sentence.length;
      spans.push({ text: sentence.replace(/\s+/g, ' '), start, end });
      cursor = end;
    }
  }
  return spans;
}

const BULLET = /^(?:[-*•]|\d+[.)])\s/;
const HEADING_MAX_CHARS = 60;

/** Paragraph-like blocks: separated by blank lines; headings and bullet items stand alone. */
function blocksOf(text: string): { start: number; end: number }[] {
  const blocks: { start: number; end: number }[] = [];
  let open: { start: number; end: number } | undefined;
  const close = () => {
    if (open) blocks.push(open);
    open = undefined;
  };
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const start = lineStart;
    const end = start + line.length;
    lineStart = end + 1;
    const trimmed = line.trim();
    if (!trimmed) {
      close();
      continue;
    }
    const heading = trimmed.length < HEADING_MAX_CHARS && !/[.!?…:;,]$/.test(trimmed);
    if (heading || BULLET.test(trimmed)) close();
    if (open) open.end = end;
    else open = { start, end };
    if (heading) close();
  }
  close();
  return blocks;
}

/**
 * Scores every sentence of the retrieved chunks against the question: IDF-weighted overlap of
 * stemmed content terms (terms rare among the retrieved sentences weigh more), half credit for
 * terms in the chunk's title and headings, and small bonuses for the chunk's retrieval score and
 * for question terms that sit close together as they do in the question.
 */
export function scoreSentences(question: string, chunks: readonly RetrievedChunk[], language: Language): ScoredSentence[] {
  const query = questionTerms(question, language);
  if (query.terms.length === 0) return [];

  const prepared = chunks.map((chunk) => {
    const chunkLanguage = detectLanguage(chunk.text.slice(0, 2000));
    const contextText = [chunk.title, ...chunk.headingPath].join(' . ');
    const context = new Set(contentTerms(contextText, chunkLanguage));
    const words = new Set([...termTokens(chunk.text), ...termTokens(contextText)]);
    const sentences = sentenceSpans(chunk.text).map((span) => {
      const tokens = termTokens(span.text).map((token) => stemTerm(token, chunkLanguage));
      return { span, tokens, terms: new Set(contentTerms(span.text, chunkLanguage)) };
    });
    return { chunk, context, words, sentences };
  });

  const sentenceCount = prepared.reduce((sum, item) => sum + item.sentences.length, 0);
  const documentFrequency = new Map<string, number>();
  for (const item of prepared) {
    for (const sentence of item.sentences) {
      for (const term of query.terms) if (sentence.terms.has(term)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  }
  const weight = (term: string) => Math.log(1 + sentenceCount / (1 + (documentFrequency.get(term) ?? 0)));
  const totalWeight = query.terms.reduce((sum, term) => sum + weight(term), 0);

  const scored: ScoredSentence[] = [];
  prepared.forEach((item, chunkIndex) => {
    const entityCoverage =
      query.entities.length === 0 ? 1 : query.entities.filter((group) => group.every((word) => item.words.has(word))).length / query.entities.length;
    item.sentences.forEach((sentence, sentenceIndex) => {
      let matched = 0;
      let matchedInSentence = 0;
      for (const term of query.terms) {
        if (sentence.terms.has(term)) {
          matched += weight(term);
          matchedInSentence += 1;
        } else if (item.context.has(term)) {
          matched += CONTEXT_WEIGHT * weight(term);
        }
      }
      const coverage = totalWeight > 0 ? matched / totalWeight : 0;
      const proximity = Math.min(2, query.pairs.filter(([a, b]) => near(sentence.tokens, a, b)).length);
      const tokenCount = sentence.tokens.length;
      const shape = tokenCount > LONG_SENTENCE_TOKENS ? -0.1 : tokenCount < SHORT_SENTENCE_TOKENS ? -0.2 : 0;
      const retrieval = Math.max(0, Math.min(1, item.chunk.score));
      scored.push({
        ...sentence.span,
        chunkIndex,
        sentenceIndex,
        terms: sentence.terms,
        coverage,
        matchedInSentence,
        entityCoverage,
        score: coverage + RETRIEVAL_WEIGHT * retrieval + PROXIMITY_WEIGHT * proximity + shape,
      });
    });
  });
  return scored;
}

/** Whether term `b` stands within PROXIMITY_WINDOW tokens of term `a`. */
export function near(tokens: readonly string[], a: string, b: string): boolean {
  for (let i = 0; i < tokens.length; i += 1) {
    if (tokens[i] !== a) continue;
    for (let j = Math.max(0, i - PROXIMITY_WINDOW); j <= Math.min(tokens.length - 1, i + PROXIMITY_WINDOW); j += 1) {
      if (j !== i && tokens[j] === b) return true;
    }
  }
  return false;
}
