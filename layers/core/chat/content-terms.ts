import { foldText, isStopword } from '../text/index.js';
import type { Language } from './detect-language.js';

// Words that shape a request but never name what it is about ("tell me about", "dime").
const REQUEST_WORDS = new Set(
  `tell please know explain describe give list name show find search want like mean thing things something anything
  info information happen happened dime dame sabes sabe explica explicame describe describeme muestra muestrame
  busca buscame quiero queria saber conocer gustaria podrias puedes puede informacion cosa cosas algo paso ocurrio
  hablame habla acerca respecto ok okay vale por favor please cuanto cuanta cuantos cuantas whose`.split(/\s+/),
);

/** A folded word that carries no topic: stopword or request phrasing. */
export function isNoiseWord(foldedWord: string): boolean {
  return isStopword(foldedWord) || REQUEST_WORDS.has(foldedWord);
}

/**
 * Accent-folded word tokens, keeping decimals ("3.5"). Possessive "'s" is dropped ("Lincoln's" →
 * "lincoln") and other apostrophes joined ("don't" → "dont").
 */
export function termTokens(text: string): string[] {
  return foldText(text.replace(/['’]s\b/gu, '').replace(/['’]/g, '')).match(/\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}]+/gu) ?? [];
}

// Question phrasing whose words name the kind of answer, not the topic: "how many", "what year",
// "en qué año". The answer sentence says "18 months" or "in 1809", not "how long" or "year".
const ANSWER_TYPE_PHRASES =
  /\b(?:how (?:many|much|long|old|far|often|big|tall|large)|(?:what|which|in what|in which) (?:year|kind of|type of|sort of)|(?:en )?que (?:ano|tipo de|clase de)|cuanto tiempo|cuantos anos|cuantas veces)\b/gu;

/** Removes answer-type phrasing from an accent-folded question. */
export function stripAnswerTypePhrases(foldedQuestion: string): string {
  return foldedQuestion.replace(ANSWER_TYPE_PHRASES, ' ');
}

/**
 * Light stemmer for matching, not linguistics: strips plural and the commonest verb and
 * adverb endings so "directed"/"directing"/"direct" and "dirigió"/"dirigida"/"dirigir" meet.
 * Input is accent-folded; numbers pass unchanged.
 */
export function stemTerm(word: string, language: Language): string {
  if (word.length <= 3 || /^\p{N}/u.test(word)) return word;
  const stem = language === 'es' ? stemSpanish(word) : stemEnglish(word);
  // Long stems are cut to a common prefix, so derived forms meet: "interceptó" / "intercepciones".
  return stem.slice(0, MAX_STEM_LENGTH);
}

const MAX_STEM_LENGTH = 7;

function stemEnglish(word: string): string {
  let stem = word;
  if (stem.endsWith('ies') && stem.length > 4) stem = `${stem.slice(0, -3)}y`;
  else if (stem.endsWith('sses')) stem = stem.slice(0, -2);
  else if (stem.endsWith('s') && !/(?:ss|us|is)$/.test(stem)) stem = stem.slice(0, -1);
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'ly']) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= 3) {
      stem = stem.slice(0, -suffix.length);
      break;
    }
  }
  if (stem.endsWith('e') && stem.length > 4) stem = stem.slice(0, -1);
  return stem;
}

const SPANISH_ENDINGS = [
  'amente',
  'imente',
  'mente',
  'aciones',
  'iciones',
  'ieron',
  'aron',
  'iendo',
  'ando',
  'aban',
  'ados',
  'adas',
  'idos',
  'idas',
  'ado',
  'ada',
  'ido',
  'ida',
  'aba',
  'aria',
  'eria',
  'iria',
  'ar',
  'er',
  'ir',
  'io',
  'ia',
];

function stemSpanish(word: string): string {
  let stem = word;
  if (stem.endsWith('ces') && stem.length > 4) stem = `${stem.slice(0, -3)}z`;
  else if (stem.endsWith('iones')) stem = stem.slice(0, -2);
  else if (/[^aeiou]es$/.test(stem) && stem.length > 4) stem = stem.slice(0, -2);
  else if (/[aeiou]s$/.test(stem)) stem = stem.slice(0, -1);
  for (const ending of SPANISH_ENDINGS) {
    if (stem.endsWith(ending) && stem.length - ending.length >= 3) {
      stem = stem.slice(0, -ending.length);
      break;
    }
  }
  // Four letters is enough: first-person verbs ("subo") must meet their infinitive ("subir").
  if (/[aeo]$/.test(stem) && stem.length >= 4) stem = stem.slice(0, -1);
  return stem;
}

/** The stemmed content terms of a text, in order (duplicates kept). */
export function contentTerms(text: string, language: Language): string[] {
  return termTokens(text)
    .filter((token) => !isNoiseWord(token) && (token.length > 1 || /\p{N}/u.test(token)))
    .map((token) => stemTerm(token, language));
}
