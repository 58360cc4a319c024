import type { RetrievedChunk } from '../store/retrieved-chunk.js';
import { buildCitation, excerptAround, type Citation } from './citation.js';
import type { Language } from './detect-language.js';
import { analyseQuestion, type AnswerType } from './question-analysis.js';
import { scoreUnits, type ScoredUnit } from './unit-scoring.js';
import { yesNoVerdict } from './yes-no.js';

export interface ExtractiveAnswerOptions {
  language: Language;
  /** Most units quoted, 1..3: the best one and companions from the same document. @default 2 */
  maxSentences?: number;
  /** Least weighted share of the question's terms a unit must hold to answer it. @default DEFAULT_MIN_COVERAGE */
  minCoverage?: number;
  /** Least share for a who/when/where/how-many question whose unit holds no answer of that type. @default DEFAULT_MIN_TYPED_COVERAGE */
  minTypedCoverage?: number;
  /** Least share for a who/when/where/how-many question whose unit holds an answer of that type. @default DEFAULT_MIN_SPAN_COVERAGE */
  minSpanCoverage?: number;
  /** Length of each citation and source excerpt. @default 300 */
  excerptChars?: number;
  /** The language the question is written in, when it is not the reply's (a translated question). @default language */
  queryLanguage?: Language;
  /** The expected answer, when the question's own words cannot tell it (a word-by-word translation drops "who" or "dónde"). */
  answerType?: AnswerType;
}

export interface ExtractiveAnswer {
  answer: string;
  /** The passages the answer quotes, numbered as its [n] markers. */
  citations: Citation[];
  /** Every passage considered, best first, whether or not the answer quotes it. */
  sources: Citation[];
  /** False when no unit of the documents answers the question; `answer` then says so. */
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

const VERDICT: Record<'es' | 'en', Record<'yes' | 'no', string>> = {
  es: { yes: '**Sí.**', no: '**No.**' },
  en: { yes: '**Yes.**', no: '**No.**' },
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
 * Calibrated on XQuAD (es, en) and the CMU Wikipedia QA set, with each question's own passage
 * removed from the index: below these shares most "answers" quote an unrelated sentence.
 */
export const DEFAULT_MIN_COVERAGE = 0.45;
export const DEFAULT_MIN_TYPED_COVERAGE = 0.6;
export const DEFAULT_MIN_SPAN_COVERAGE = 0.4;

// A companion must come close to the best unit to be worth the reader's time.
const COMPANION_SCORE_RATIO = 0.8;
const DUPLICATE_JACCARD = 0.7;

/**
 * The offline answer: quotes the unit (sentence, list item, key-value line, table row) of the
 * retrieved passages that best answers the question, names its document, bolds the short answer
 * when the question asks for a person, date, number or place, and answers a yes/no question only
 * when the quote states it. Document text is only ever quoted, never followed, and a unit is
 * chosen only for its match with the question, so text planted in a document cannot steer it.
 *
 * A unit answers when it holds at least `minCoverage` of the question's weighted terms (its
 * chunk's title and headings count half) and its chunk names at least half of the question's
 * names and numbers; otherwise the answer is the plain "not in the documents" reply, and
 * `sources` still lists the passages considered. Pass the standalone query (after rewriting).
 */
export function buildExtractiveAnswer(question: string, chunks: readonly RetrievedChunk[], options: ExtractiveAnswerOptions): ExtractiveAnswer {
  const language = options.language;
  const excerptChars = options.excerptChars ?? 300;
  const maxUnits = Math.max(1, Math.min(3, options.maxSentences ?? 2));
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const minTypedCoverage = Math.max(minCoverage, options.minTypedCoverage ?? DEFAULT_MIN_TYPED_COVERAGE);
  const minSpanCoverage = Math.min(minCoverage, options.minSpanCoverage ?? DEFAULT_MIN_SPAN_COVERAGE);

  const analysed = analyseQuestion(question, options.queryLanguage ?? language);
  const analysis = options.answerType && analysed.type === 'other' ? { ...analysed, type: options.answerType } : analysed;
  const scored = scoreUnits(analysis, chunks, language);
  const sources = sourcesOf(chunks, scored, excerptChars);
  const unsupported: ExtractiveAnswer = { answer: notFoundReply(language), citations: [], sources, supported: false };

  const typed = analysis.type === 'person' || analysis.type === 'date' || analysis.type === 'number' || analysis.type === 'place';
  // A unit holding the kind of answer asked for needs less of the question's wording, one without it more.
  const floor = (unit: ScoredUnit) => (!typed ? minCoverage : unit.span ? minSpanCoverage : minTypedCoverage);
  const answering = (unit: ScoredUnit) =>
    !unit.boilerplate && unit.kind !== 'heading' && unit.matchedInUnit > 0 && unit.entityCoverage >= 0.5 && unit.coverage >= floor(unit);
  const ranked = scored.filter(answering).sort(byScore);
  const best = ranked[0];
  if (!best) return unsupported;

  const bestDocument = chunks[best.chunkIndex]!.documentId;
  const subject = pronounSubject(question, analysis.type, best, chunks[best.chunkIndex]!.title);
  const chosen: ScoredUnit[] = [best];
  if (analysis.type !== 'yes_no') {
    for (const candidate of ranked.slice(1)) {
      if (chosen.length >= maxUnits) break;
      if (candidate.score < best.score * COMPANION_SCORE_RATIO) break;
      if (chunks[candidate.chunkIndex]!.documentId !== bestDocument) continue;
      if (chosen.some((unit) => isNearDuplicate(unit, candidate))) continue;
      chosen.push(candidate);
    }
  }

  // Reading order: chunks by retrieval rank, units as they stand in the chunk.
  const ordered = [...chosen].sort((a, b) => a.chunkIndex - b.chunkIndex || a.index - b.index);
  const citations: Citation[] = [];
  const numberOfChunk = new Map<number, number>();
  const quotes: string[] = [];
  for (const unit of ordered) {
    let n = numberOfChunk.get(unit.chunkIndex);
    if (n === undefined) {
      n = citations.length + 1;
      numberOfChunk.set(unit.chunkIndex, n);
      const chunk = chunks[unit.chunkIndex]!;
      // The excerpt centres on the chunk's best chosen unit.
      const anchor = chosen.find((item) => item.chunkIndex === unit.chunkIndex)!;
      citations.push(buildCitation(n, chunk, excerptAround(chunk.text, anchor.start, anchor.end, excerptChars)));
    }
    const text = unit === best && subject ? unit.text : unit === best || !best.span ? highlight(unit) : unit.text;
    quotes.push(`${quote(text, language)} [${n}]`);
  }

  const verdict = yesNoVerdict(question, best.text, analysis, language);
  const lead = sourceLead(chunks[best.chunkIndex]!.title, language, subject !== undefined);
  const verdictText = verdict ? `${VERDICT[language === 'es' ? 'es' : 'en'][verdict]} ` : '';
  return { answer: `${verdictText}${lead}${quotes.join(' ')}`, citations, sources, supported: true };
}

/** The answer's unit with its short answer in bold. */
function highlight(unit: ScoredUnit): string {
  if (!unit.span) return unit.text;
  const { start, end } = unit.span;
  return `${unit.text.slice(0, start)}**${unit.text.slice(start, end)}**${unit.text.slice(end)}`;
}

function quote(text: string, language: Language): string {
  return language === 'es' ? `«${text}»` : `“${text}”`;
}

/**
 * "From “Title”: " / "Según «Título»: ", naming the quoted document; the title in bold when it is
 * the answer (see pronounSubject). A title taken from a file name reads with spaces ("John_Adams").
 */
function sourceLead(title: string, language: Language, titleAnswers = false): string {
  const name = displayTitle(title);
  if (!name) return language === 'es' ? 'Según los documentos: ' : 'From the documents: ';
  const shown = titleAnswers ? `**${name}**` : name;
  return language === 'es' ? `Según «${shown}»: ` : `From “${shown}”: `;
}

function displayTitle(title: string): string {
  return title.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
}

// "He represented the Continental Congress in Europe." in the article "John Adams": the
// sentence's subject is the article's. A question asking for the doer ("Who represented…?",
// "¿Quién dirigió…?"), not for the object of an auxiliary ("Who did he marry?"), is answered by it.
const PRONOUN_SUBJECT = /^(?:he|she|él|ella)\s/iu;
const ASKS_FOR_DOER = /^\W*(?:who|quién|quien)\s+(?!(?:did|does|do|will|would|can|could|should)\b)/iu;
const PERSON_NAME = /^\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|da|von|van|del|la))*\s+\p{Lu}[\p{L}.'’-]*$/u;

/** The document's title, when the answer's sentence opens with a pronoun standing for the person the title names. */
function pronounSubject(question: string, type: AnswerType, unit: ScoredUnit, title: string): string | undefined {
  if (type !== 'person' || unit.kind !== 'sentence' || !PRONOUN_SUBJECT.test(unit.text)) return undefined;
  if (!ASKS_FOR_DOER.test(question.replace(/^[¿¡\s]+/u, ''))) return undefined;
  const name = displayTitle(title);
  const words = name.split(' ');
  return words.length >= 2 && words.length <= 4 && PERSON_NAME.test(name) ? name : undefined;
}

/** One entry per retrieved chunk, in retrieval order, its excerpt centred on its best unit. */
function sourcesOf(chunks: readonly RetrievedChunk[], scored: readonly ScoredUnit[], excerptChars: number): Citation[] {
  return chunks.map((chunk, index) => {
    let anchor: ScoredUnit | undefined;
    for (const unit of scored) if (unit.chunkIndex === index && !unit.boilerplate && (!anchor || unit.score > anchor.score)) anchor = unit;
    const excerpt = anchor ? excerptAround(chunk.text, anchor.start, anchor.end, excerptChars) : excerptAround(chunk.text, 0, 0, excerptChars);
    return buildCitation(index + 1, chunk, excerpt);
  });
}

function byScore(a: ScoredUnit, b: ScoredUnit): number {
  return b.score - a.score || a.chunkIndex - b.chunkIndex || a.index - b.index;
}

function isNearDuplicate(a: ScoredUnit, b: ScoredUnit): boolean {
  if (a.terms.size === 0 || b.terms.size === 0) return a.text === b.text;
  let shared = 0;
  for (const term of a.terms) if (b.terms.has(term)) shared += 1;
  return shared / (a.terms.size + b.terms.size - shared) >= DUPLICATE_JACCARD;
}
