import { foldText } from '../text/index.js';
import { isNoiseWord, termTokens } from './content-terms.js';
import type { UnitKind } from './answer-units.js';
import type { Language } from './detect-language.js';
import { termFamily } from './derivation.js';
import type { QuestionAnalysis } from './question-analysis.js';

/** The short answer inside a unit: "Bartolomeo Cristofori", "1832", "four strings". */
export interface AnswerSpan {
  text: string;
  /** Offsets into the unit text. */
  start: number;
  end: number;
}

const MONTHS_EN = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const MONTHS_ES = 'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre';
const YEAR = String.raw`(?:1[0-9]{3}|20[0-9]{2}|[1-9][0-9]{0,2}\s?(?:BC|AD|BCE|CE|a\.\s?C\.|d\.\s?C\.))`;
const DATE = new RegExp(
  [
    String.raw`\b(?:${MONTHS_EN})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+${YEAR}`,
    String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS_EN})\.?,?\s+${YEAR}`,
    String.raw`\b\d{1,2}\s+de\s+(?:${MONTHS_ES})(?:\s+de(?:l)?\s+${YEAR})?`,
    String.raw`\b(?:${MONTHS_EN}|${MONTHS_ES})(?:\s+(?:of|de|del))?\s+${YEAR}`,
    String.raw`\b(?:(?:the\s+)?(?:early|late|mid|first|second)[\s-]+)?\d{1,2}(?:st|nd|rd|th)[\s-]+century\b`,
    String.raw`\bsiglo\s+[IVXLC]+\b`,
    String.raw`\b${YEAR}s?\b`,
  ].join('|'),
  'giu',
);
const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|fifty|hundred|thousand|dozen|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|veinte|treinta|cien|ciento|mil';
const NUMBER = new RegExp(
  String.raw`(?:\b(?:about|around|approximately|over|under|nearly|almost|more than|less than|some|unos|unas|cerca de|más de|menos de|casi|aproximadamente)\s+)?(?:[$€£]\s?)?(?:\b\d[\d,.]*(?:\s?(?:million|billion|trillion|thousand|hundred|millones|millón|mil|billones))?|\b(?:${NUMBER_WORDS})\b(?:[\s-]+(?:${NUMBER_WORDS})\b)*)(?:\s?(?:%|percent|per cent|por ciento))?(?:\s+[\p{L}°]+)?`,
  'giu',
);
const PARTICLES = new Set(['de', 'da', 'del', 'di', 'van', 'von', 'der', 'la', 'le', 'du', 'y', 'of', 'bin', 'ibn']);
const NOT_NAMES = new Set(
  `the a an in on at by of for and but or this that these those it he she they his her its their there then when while after before during
  el la los las un una en por para con y pero este esta estos estas ese esa su sus durante despues antes según
  january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday
  enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre`.split(/\s+/),
);
const AGENT_MARKER =
  /\b(?:by|por|credited to|attributed to|atribuid[oa]s? a|se atribuye a|invented|created|designed|founded|built|wrote|composed|discovered|married|creó|diseñó|fundó|construyó|escribió|compuso|descubrió|inventó|se casó con|casó con|married to|wife|husband|esposa|esposo)\s*$/iu;
const PLACE_MARKER = /\b(?:in|at|near|from|en|cerca de|desde)\s*$/iu;

/** The span of a unit that answers a typed question, if the unit holds one. */
export function findAnswerSpan(unit: string, analysis: QuestionAnalysis, language: Language, kind: UnitKind = 'sentence'): AnswerSpan | undefined {
  if (kind === 'key_value' || kind === 'table_row') {
    const keyed = keyedValue(unit, analysis, language);
    if (keyed) return keyed;
  }
  switch (analysis.type) {
    case 'date':
      return bestOf(
        matchesOf(unit, DATE).filter((span) => !repeatsQuestion(span.text, analysis)),
        unit,
        analysis,
        (s) => s.text.length / 10,
      );
    case 'number':
      return numberSpan(unit, analysis, language);
    case 'person':
      return nameSpan(unit, analysis, AGENT_MARKER);
    case 'place':
      return withRegion(unit, nameSpan(unit, analysis, PLACE_MARKER));
    default:
      return undefined;
  }
}

function numberSpan(unit: string, analysis: QuestionAnalysis, language: Language): AnswerSpan | undefined {
  const spans = matchesOf(unit, NUMBER)
    .map((span) => trimTrailingWord(span, analysis, language))
    .filter((span) => /\d|\p{L}/u.test(span.text) && !repeatsQuestion(span.text, analysis) && !isYearOnly(span.text, analysis));
  return bestOf(spans, unit, analysis, (span) => {
    const last = termTokens(span.text).at(-1);
    return last && analysis.countedNoun && termFamily(last, language) === analysis.countedNoun ? 3 : 0;
  });
}

// "1,200 people were" → keep "people" only when it is a unit or the counted noun, else cut it.
function trimTrailingWord(span: AnswerSpan, analysis: QuestionAnalysis, language: Language): AnswerSpan {
  const match = /\s+([\p{L}°]+)$/u.exec(span.text);
  if (!match) return span;
  const word = foldText(match[1]!);
  const keep =
    !isNoiseWord(word) &&
    (word.length <= 3 ||
      (analysis.countedNoun !== undefined && termFamily(word, language) === analysis.countedNoun) ||
      /^(?:km|kg|cm|mm|m|miles?|metres?|meters?|feet|foot|years?|anos?|days?|dias?|hours?|horas?|minutes?|minutos?|people|personas|habitantes|inhabitants|tons?|toneladas|dollars?|dolares|euros?|pounds?|libras|acres?|hectares?|hectareas|degrees?|grados)$/.test(
        word,
      ));
  if (keep) return span;
  const text = span.text.slice(0, match.index);
  return { text, start: span.start, end: span.start + text.length };
}

function isYearOnly(text: string, analysis: QuestionAnalysis): boolean {
  return analysis.type === 'number' && /^(?:1[5-9]\d{2}|20\d{2})$/.test(text.trim());
}

/** Runs of capitalised words not in the question, preferring one right after a marker ("by …", "in …"). */
function nameSpan(unit: string, analysis: QuestionAnalysis, marker: RegExp): AnswerSpan | undefined {
  const runs: AnswerSpan[] = [];
  const words = [...unit.matchAll(/[\p{L}][\p{L}'’.-]*/gu)];
  let run: RegExpMatchArray[] = [];
  const flush = () => {
    while (run.length > 0 && PARTICLES.has(run[run.length - 1]![0].toLowerCase())) run.pop();
    if (run.length > 0) {
      const start = run[0]!.index!;
      const last = run[run.length - 1]!;
      const end = last.index! + last[0].length - (last[0].endsWith('.') && last[0].length > 2 ? 1 : 0);
      runs.push({ text: unit.slice(start, end), start, end });
    }
    run = [];
  };
  for (const word of words) {
    const raw = word[0];
    const folded = foldText(raw.replace(/['’]s$/u, ''));
    const previous = run[run.length - 1];
    const adjacent = !previous || /^[\s]+$/.test(unit.slice(previous.index! + previous[0].length, word.index!));
    if (!adjacent) flush();
    if (/^\p{Lu}/u.test(raw) && !NOT_NAMES.has(folded) && !analysis.words.has(folded)) run.push(word);
    else if (run.length > 0 && PARTICLES.has(folded)) run.push(word);
    else flush();
  }
  flush();
  // A capitalised first word of a sentence is only a name if another capitalised word follows.
  const candidates = runs.filter((span) => !(span.start === 0 && !/\s/.test(span.text) && isNoiseWord(foldText(span.text))));
  return bestOf(candidates, unit, analysis, (span) => (marker.test(unit.slice(0, span.start)) ? 3 : 0) + Math.min(2, span.text.split(/\s+/).length - 1) * 0.5);
}

function matchesOf(unit: string, pattern: RegExp): AnswerSpan[] {
  return [...unit.matchAll(pattern)].map((match) => {
    const text = match[0].trim();
    const start = match.index! + match[0].indexOf(text);
    return { text, start, end: start + text.length };
  });
}

function repeatsQuestion(text: string, analysis: QuestionAnalysis): boolean {
  const tokens = termTokens(text);
  return tokens.length > 0 && tokens.every((token) => analysis.words.has(token) || isNoiseWord(token));
}

/** The best-placed span: its own bonus, then closeness to the question's words in the unit. */
function bestOf(spans: AnswerSpan[], unit: string, analysis: QuestionAnalysis, bonus: (span: AnswerSpan) => number): AnswerSpan | undefined {
  if (spans.length === 0) return undefined;
  const anchors: number[] = [];
  for (const match of unit.matchAll(/[\p{L}\p{N}]+/gu))
    if (analysis.words.has(foldText(match[0])) && !isNoiseWord(foldText(match[0]))) anchors.push(match.index!);
  const distance = (span: AnswerSpan) => (anchors.length === 0 ? 0 : Math.min(...anchors.map((at) => Math.abs(at - span.start))));
  let best = spans[0]!;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    const score = bonus(span) - distance(span) / 80;
    if (score > bestScore) {
      best = span;
      bestScore = score;
    }
  }
  return best;
}

// "Architect: Manuel Ibarra", "Year: 1998; Director: Teodora Alcázar": the value whose label the question names.
const KEYED_SEGMENT = /^([^:;]{1,40}):\s+(.+)$/u;

function keyedValue(unit: string, analysis: QuestionAnalysis, language: Language): AnswerSpan | undefined {
  let offset = 0;
  for (const segment of unit.split(/;\s+/)) {
    const start = unit.indexOf(segment, offset);
    offset = start + segment.length;
    const match = KEYED_SEGMENT.exec(segment);
    if (!match) continue;
    const keyTerms = termTokens(match[1]!)
      .filter((token) => !isNoiseWord(token))
      .map((token) => termFamily(token, language));
    if (keyTerms.length === 0 || !keyTerms.some((term) => analysis.terms.includes(term))) continue;
    const value = match[2]!.trim().replace(/[.;]$/, '');
    if (repeatsQuestion(value, analysis)) continue;
    const valueStart = start + segment.indexOf(match[2]!);
    return { text: value, start: valueStart, end: valueStart + value.length };
  }
  return undefined;
}

/** "Woolsthorpe" followed by ", Lincolnshire" reads as one place. */
function withRegion(unit: string, span: AnswerSpan | undefined): AnswerSpan | undefined {
  if (!span) return span;
  const region = /^,\s+\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)*/u.exec(unit.slice(span.end));
  if (!region) return span;
  const end = span.end + region[0].length;
  return { text: unit.slice(span.start, end), start: span.start, end };
}
