import type { RetrievedChunk } from '../store/retrieved-chunk.js';
import { findAnswerSpan, type AnswerSpan } from './answer-span.js';
import { answerUnits, type AnswerUnit } from './answer-units.js';
import { termTokens } from './content-terms.js';
import { detectLanguage, type Language } from './detect-language.js';
import { familyTerms, familyTokens } from './derivation.js';
import { editDistance } from './fuzzy-match.js';
import type { QuestionAnalysis } from './question-analysis.js';
import { near } from './sentence-scoring.js';

export interface ScoredUnit extends AnswerUnit {
  /** Index of the unit's chunk in the retrieved list (its rank). */
  chunkIndex: number;
  /** Family keys of the unit's content words. */
  terms: ReadonlySet<string>;
  /** IDF-weighted share (0..1) of the question's terms in the unit or, at half weight, its title and headings. */
  coverage: number;
  /** How many question terms the unit itself holds. */
  matchedInUnit: number;
  /** Share of the question's names and numbers found whole in the unit's chunk or its title (1 when it has none). */
  entityCoverage: number;
  /** The short answer in the unit, for typed questions. */
  span?: AnswerSpan;
  /** Ranking score: coverage plus answer-type, position, proximity and retrieval evidence. */
  score: number;
}

const CONTEXT_WEIGHT = 0.5;
const RETRIEVAL_WEIGHT = 0.1;
const PROXIMITY_WEIGHT = 0.06;
const SPAN_BONUS = 0.15;
const KEY_VALUE_BONUS = 0.05;
const LEAD_BONUS = 0.12;
const AGENT_BONUS = 0.08;
const LONG_UNIT_TOKENS = 60;
const SHORT_UNIT_TOKENS = 4;
// BM25's term-frequency saturation and length normalisation.
const BM25_K1 = 1.2;
const BM25_B = 0.5;
const BM25_WEIGHT = 0.1;
// A near match (see nearMatch) counts for less than the same family key.
const NEAR_CREDIT = 0.85;
const NEAR_MIN_LENGTH = 5;
const SHORT_STEM_LENGTH = 3;
const TYPO_MIN_LENGTH = 6;

const AGENT =
  /\b(?:by|por|credited to|attributed to|atribuid[oa]s? a|se atribuye a|invented|inventó|created|creó|designed|diseñó|founded|fundó|built|construyó|wrote|escribió|composed|compuso|married|se casó|casó)\b/iu;

/**
 * Ranks every unit of every retrieved chunk against the analysed question. Term weights are
 * IDF over the units of the retrieved set, so a word every passage shares counts little.
 */
export function scoreUnits(analysis: QuestionAnalysis, chunks: readonly RetrievedChunk[], language: Language): ScoredUnit[] {
  if (analysis.terms.length === 0) return [];
  const query = new Set(analysis.terms);

  const prepared = chunks.map((chunk) => {
    const chunkLanguage = detectLanguage(chunk.text.slice(0, 2000)) ?? language;
    const contextText = [chunk.title, ...chunk.headingPath].join(' . ');
    const context = new Set(familyTerms(contextText, chunkLanguage));
    const words = new Set([...termTokens(chunk.text), ...termTokens(contextText)]);
    const titleWords = termTokens(chunk.title).filter((word) => word.length > 2);
    const units = answerUnits(chunk.text).map((unit) => {
      const tokens = familyTokens(unit.text, chunkLanguage);
      const list = familyTerms(unit.text, chunkLanguage);
      return { unit, tokens, list, terms: new Set(list) };
    });
    return { chunk, chunkLanguage, context, words, titleWords, units };
  });

  const unitCount = prepared.reduce((sum, item) => sum + item.units.length, 0);
  const averageLength = prepared.reduce((sum, item) => sum + item.units.reduce((s, u) => s + u.list.length, 0), 0) / Math.max(1, unitCount);
  const documentFrequency = new Map<string, number>();
  for (const item of prepared) {
    for (const unit of item.units) for (const term of query) if (unit.terms.has(term)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const weight = (term: string) => Math.log(1 + unitCount / (1 + (documentFrequency.get(term) ?? 0)));
  const totalWeight = analysis.terms.reduce((sum, term) => sum + weight(term), 0);
  const questionWords = [...analysis.words];

  const scored: ScoredUnit[] = [];
  prepared.forEach((item, chunkIndex) => {
    const entityCoverage =
      analysis.entities.length === 0
        ? 1
        : analysis.entities.filter((group) => group.every((word) => hasWord(item.words, word))).length / analysis.entities.length;
    // The article is about the question's subject: its title words are all in the question.
    const aboutSubject = item.titleWords.length > 0 && item.titleWords.every((word) => questionWords.includes(word));
    let firstProse = true;
    for (const { unit, tokens, list, terms } of item.units) {
      let matched = 0;
      let matchedInUnit = 0;
      let bm25 = 0;
      for (const term of analysis.terms) {
        const credit = terms.has(term) ? 1 : nearMatch(term, terms) ? NEAR_CREDIT : 0;
        if (credit > 0) {
          matched += credit * weight(term);
          matchedInUnit += 1;
          const tf = credit === 1 ? list.filter((t) => t === term).length : 1;
          bm25 += (credit * weight(term) * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * list.length) / Math.max(1, averageLength)));
        } else if (item.context.has(term)) {
          matched += CONTEXT_WEIGHT * weight(term);
        }
      }
      const coverage = totalWeight > 0 ? matched / totalWeight : 0;
      const span = unit.boilerplate ? undefined : findAnswerSpan(unit.text, analysis, item.chunkLanguage, unit.kind);
      const proximity = Math.min(2, analysis.pairs.filter(([a, b]) => near(tokens, a, b)).length);
      const shape = tokens.length > LONG_UNIT_TOKENS ? -0.1 : tokens.length < SHORT_UNIT_TOKENS && unit.kind !== 'key_value' ? -0.2 : 0;
      const isLead = firstProse && unit.kind === 'sentence' && (item.chunk.ordinal ?? 1) === 0 && aboutSubject;
      if (unit.kind === 'sentence' && !unit.boilerplate) firstProse = false;
      let score =
        coverage +
        BM25_WEIGHT * (totalWeight > 0 ? bm25 / totalWeight : 0) +
        RETRIEVAL_WEIGHT * Math.max(0, Math.min(1, item.chunk.score)) +
        PROXIMITY_WEIGHT * proximity +
        shape;
      if (span) score += SPAN_BONUS;
      if (unit.kind === 'key_value' || unit.kind === 'table_row') score += KEY_VALUE_BONUS;
      if (isLead) score += LEAD_BONUS;
      if (analysis.type === 'person' && span && AGENT.test(unit.text.slice(Math.max(0, span.start - 30), span.start))) score += AGENT_BONUS;
      if (unit.kind === 'heading') score -= 0.3;
      const result: ScoredUnit = { ...unit, chunkIndex, terms, coverage, matchedInUnit, entityCoverage, score };
      if (span) result.span = span;
      scored.push(result);
    }
  });
  return scored;
}

/**
 * A unit term of the same word family that the stemmer did not join: one stem extends the other
 * ("quart" / "quarter", "clipp" / "clipper"; a short stem only by one letter, as Spanish plurals
 * do, "pai" / "pais"), or a long word differs by one letter, as a typo does ("Bedigo" / "Bendigo").
 * Numbers and irregular families only ever match exactly.
 */
function nearMatch(term: string, terms: ReadonlySet<string>): boolean {
  if (term.length < SHORT_STEM_LENGTH || /^[\p{N}~]/u.test(term)) return false;
  for (const other of terms) {
    if (other.length < SHORT_STEM_LENGTH || /^[\p{N}~]/u.test(other)) continue;
    const shorter = Math.min(term.length, other.length);
    const extendsOther = other.startsWith(term) || term.startsWith(other);
    if (extendsOther && (shorter >= NEAR_MIN_LENGTH || Math.abs(term.length - other.length) === 1)) return true;
    if (shorter >= TYPO_MIN_LENGTH && editDistance(term, other, 1) <= 1) return true;
  }
  return false;
}

/** A name's word, or the same word with or without a final "s" ("Seaman" / "Seamans"). */
function hasWord(words: ReadonlySet<string>, word: string): boolean {
  return words.has(word) || words.has(`${word}s`) || (word.length > 3 && word.endsWith('s') && words.has(word.slice(0, -1)));
}
