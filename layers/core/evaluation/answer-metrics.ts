/**
 * Answer scoring. Exact match and F1 follow the official SQuAD v1.1 script: lower-case,
 * drop punctuation, drop articles, collapse whitespace, then compare whole strings (EM) or
 * bags of tokens (F1), keeping the best over the gold answers. As in the MLQA/XQuAD
 * evaluation, punctuation is every Unicode punctuation character and the articles are the
 * question's language's (English a/an/the; Spanish el/la/lo/los/las/un/una/unos/unas).
 */

const ARTICLES: Record<string, RegExp> = {
  en: /(?<![\p{L}\p{N}])(a|an|the)(?![\p{L}\p{N}])/gu,
  es: /(?<![\p{L}\p{N}])(el|la|lo|los|las|un|una|unos|unas)(?![\p{L}\p{N}])/gu,
};

// Unicode punctuation plus ASCII's (Python's string.punctuation), as MLQA's script strips.
const PUNCTUATION = /[\p{P}!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/gu;

/** Citation markers such as "[1]" or "[2][3]" are not part of an answer. */
const CITATION_MARKER = /\[\d+\]/g;

export function normalizeAnswer(text: string, language = 'en'): string {
  let normalized = text.toLowerCase().replace(PUNCTUATION, '');
  const articles = ARTICLES[language] ?? ARTICLES.en!;
  normalized = normalized.replace(articles, ' ');
  return normalized.split(/\s+/).filter(Boolean).join(' ');
}

/** A system answer as it should be scored: without citation markers or the bold of a highlighted span. */
export function answerText(answer: string): string {
  return answer.replace(CITATION_MARKER, ' ').replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
}

export function exactMatch(prediction: string, golds: readonly string[], language = 'en'): number {
  const predicted = normalizeAnswer(prediction, language);
  return golds.some((gold) => normalizeAnswer(gold, language) === predicted) ? 1 : 0;
}

export function f1Score(prediction: string, golds: readonly string[], language = 'en'): number {
  const predicted = normalizeAnswer(prediction, language).split(' ').filter(Boolean);
  let best = 0;
  for (const gold of golds) {
    const expected = normalizeAnswer(gold, language).split(' ').filter(Boolean);
    best = Math.max(best, tokenF1(predicted, expected));
  }
  return best;
}

function tokenF1(predicted: string[], expected: string[]): number {
  if (predicted.length === 0 || expected.length === 0) return predicted.length === expected.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const token of expected) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of predicted) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      common += 1;
      counts.set(token, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / expected.length;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * Answer-in-answer: some gold answer, normalised, appears as a whole-token run inside the
 * normalised system answer. Fair to extractive answers, which quote whole sentences.
 */
export function answerInAnswer(prediction: string, golds: readonly string[], language = 'en'): number {
  const predicted = ` ${normalizeAnswer(prediction, language)} `;
  return golds.some((gold) => {
    const expected = normalizeAnswer(gold, language);
    return expected.length > 0 && predicted.includes(` ${expected} `);
  })
    ? 1
    : 0;
}

export type Polarity = 'yes' | 'no';

const YES = new Set(['yes', 'yeah', 'yep', 'si', 'sí', 'correct', 'true']);
const NO = new Set(['no', 'nope', 'false', 'incorrect']);

/** The yes/no an answer starts with ("Yes.", "no, he did not", "Sí, …"), if any. */
export function polarityOf(answer: string): Polarity | undefined {
  const first = answerText(answer)
    .toLowerCase()
    .match(/^[\p{L}]+/u)?.[0];
  if (!first) return undefined;
  if (YES.has(first)) return 'yes';
  if (NO.has(first)) return 'no';
  return undefined;
}

/**
 * The polarity a yes/no question expects: the majority of its gold answers, when every gold
 * answer starts with yes or no. Questions whose answers are not yes/no return undefined.
 */
export function goldPolarity(golds: readonly string[]): Polarity | undefined {
  const polarities = golds.map(polarityOf);
  if (polarities.length === 0 || polarities.some((p) => p === undefined)) return undefined;
  const yes = polarities.filter((p) => p === 'yes').length;
  const no = polarities.length - yes;
  if (yes === no) return undefined;
  return yes > no ? 'yes' : 'no';
}

/**
 * Yes/no correctness: the answer must commit to the gold polarity with its first word. An
 * answer that only quotes evidence (the offline extractive mode) does not commit, so it
 * scores 0 here; how often it at least cites the gold article is reported separately.
 */
export function yesNoCorrect(prediction: string, expected: Polarity): number {
  return polarityOf(prediction) === expected ? 1 : 0;
}

/** Lower-case without diacritics, so "Nació en Árbol" and "nacio en arbol" compare equal. */
function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
}

/**
 * Contains-gold: some gold answer, normalised and without accents or case, appears as a
 * whole-token run in the answer (bold markers and [n] markers aside). The fair measure for an
 * answer that quotes a sentence around its short answer.
 */
export function containsGold(prediction: string, golds: readonly string[], language = 'en'): number {
  return answerInAnswer(foldAccents(answerText(prediction.replace(/\*\*/g, ''))), golds.map(foldAccents), language);
}

/**
 * A short factoid question: no gold answer is a yes/no, and some gold answer runs 1–4 words.
 * The answers people expect to see stated outright ("Cristofori", "in 1832").
 */
export function isShortFactoid(golds: readonly string[]): boolean {
  if (golds.length === 0 || golds.some((gold) => polarityOf(gold) !== undefined)) return false;
  return golds.some((gold) => {
    const words = gold.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
    return words >= 1 && words <= 4;
  });
}
