import { foldText } from '../text/index.js';
import { stripAnswerTypePhrases, termTokens } from './content-terms.js';
import type { Language } from './detect-language.js';
import { familyTerms } from './derivation.js';
import { adjacentPairs, questionEntities } from './sentence-scoring.js';

/** The kind of answer a question asks for. */
export type AnswerType = 'person' | 'date' | 'number' | 'place' | 'yes_no' | 'definition' | 'reason' | 'list' | 'other';

export interface QuestionAnalysis {
  type: AnswerType;
  /** Unique family keys of the question's content words (see derivation.ts). */
  terms: string[];
  /** The question's names, quoted titles and numbers, each as its folded content words. */
  entities: string[][];
  /** Adjacent content-term pairs, in question order, for the proximity bonus. */
  pairs: [string, string][];
  /** Every folded word of the question: an answer span never repeats the question. */
  words: ReadonlySet<string>;
  /** For "how many strings…": the counted noun's family key, which should follow the number. */
  countedNoun?: string;
}

// Patterns run on the accent-folded, lower-case question with leading "¿" and greetings kept.
// Order matters: "what year" is a date before it is "what", "how many" a number before "how".
const TYPE_PATTERNS: [AnswerType, RegExp][] = [
  [
    'date',
    /\b(?:when|what (?:year|date|day|month|century|decade)|which (?:year|date|century)|in (?:what|which) (?:year|century|decade)|how long ago|cuando|(?:en |de )?(?:que|cual) (?:ano|fecha|dia|mes|siglo|decada)|desde cuando|hasta cuando)\b/,
  ],
  [
    'number',
    /\b(?:how (?:many|much|long|old|far|tall|high|big|large|deep|wide|heavy|often)|what (?:percentage|percent|proportion|number|amount|population|size)|cuant[oa]s?|que (?:porcentaje|cantidad|numero|poblacion|tamano|altura|edad))\b/,
  ],
  [
    'place',
    /\b(?:where|(?:in|from|to) (?:what|which) (?:country|city|state|place|region|town|continent)|what (?:country|city|state|place|region|town|continent)|donde|adonde|(?:en|de|a) (?:que|cual) (?:pais|ciudad|estado|lugar|region|pueblo|continente)|que (?:pais|ciudad|lugar|region))\b/,
  ],
  [
    'person',
    /\b(?:who|whom|whose|what (?:person|man|woman|king|queen|president|author|artist|composer|scientist)|which (?:person|man|woman|king|queen|president|author|artist|composer|scientist)|quien(?:es)?|que (?:persona|hombre|mujer|rey|reina|presidente|autor|autora|artista|compositor|cientifico))\b/,
  ],
  ['reason', /\b(?:why|for what reason|what (?:caused|causes|led to)|por ?que|por que razon|cual fue la causa|que (?:causo|provoco))\b/],
  ['list', /^(?:list|name|enumerate|which (?:ones|are the)|what are (?:some|the main|the)|enumera|nombra|cuales son|lista)\b/],
  [
    'definition',
    /^(?:what (?:is|are|was|were) (?:an? |the )?\S+(?: \S+)?|what does \S+(?: \S+)? mean|define \S+|que (?:es|son|era|significa) (?:una? |el |la |los |las )?\S+(?: \S+)?)\s*$/,
  ],
];

const YES_NO_EN =
  /^(?:is|are|was|were|am|does|do|did|can|could|has|have|had|will|would|should|shall|may|might|must|isn't|wasn't|aren't|weren't|doesn't|didn't)\b/;
const YES_NO_ES =
  /^(?:es|son|era|eran|fue|fueron|esta|estan|estaba|hay|habia|hubo|tiene|tienen|tenia|tuvo|puede|pueden|podia|existe|existen|ha|han|habia|se|acaso|verdad|cierto)\b/;
const WH_WORD = /\b(?:que|quien|quienes|cual|cuales|cuando|donde|como|cuanto|cuanta|cuantos|cuantas|por que|what|who|which|when|where|why|how)\b/;

// Leading chatter that carries no question: "hi!", "quick question:", "oye,".
const LEAD_IN = /^(?:(?:hi|hello|hey|hola|buenas|oye|ok|okay|so|well|pues|bueno|quick question|una pregunta|pregunta)\b[\s,:;!.]*)+/;

const COUNTED_NOUN = /\b(?:how many|cuant[oa]s)\s+(\p{L}+)/u;

/** Expected answer type, focus terms and entities of a question, in Spanish or English. */
export function analyseQuestion(question: string, language: Language): QuestionAnalysis {
  const folded = foldText(question).replace(/[¿¡]/g, ' ').replace(/\s+/g, ' ').trim().replace(LEAD_IN, '');
  const type = answerTypeOf(folded, language);
  const ordered = familyTerms(stripAnswerTypePhrases(folded), language);
  const terms = [...new Set(ordered)];
  const entities = questionEntities(question);
  const pairs = adjacentPairs(ordered);
  const analysis: QuestionAnalysis = { type, terms, entities, pairs, words: new Set(termTokens(question)) };
  const counted = COUNTED_NOUN.exec(folded)?.[1];
  if (type === 'number' && counted) analysis.countedNoun = familyTerms(counted, language)[0];
  return analysis;
}

/** The expected answer type of an accent-folded question. */
export function answerTypeOf(foldedQuestion: string, language: Language): AnswerType {
  const text = foldedQuestion.replace(/[¿¡]/g, ' ').replace(/\s+/g, ' ').trim().replace(LEAD_IN, '');
  const bare = text.replace(/[?!.]+$/, '').trim();
  // A question that opens with an auxiliary verb asks for yes or no ("Was Lincoln…?", "¿Es…?").
  const opensYesNo = YES_NO_EN.test(bare) || (language === 'es' && YES_NO_ES.test(bare) && !WH_WORD.test(bare.split(' ').slice(0, 2).join(' ')));
  if (opensYesNo && !/\bor\b|\bo\b/.test(bare.split(' ').slice(-4).join(' '))) return 'yes_no';
  for (const [type, pattern] of TYPE_PATTERNS) if (pattern.test(bare)) return type;
  return 'other';
}
