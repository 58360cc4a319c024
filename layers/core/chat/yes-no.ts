import { termTokens } from './content-terms.js';
import type { Language } from './detect-language.js';
import { familyTerms, termFamily } from './derivation.js';
import type { QuestionAnalysis } from './question-analysis.js';

export type Verdict = 'yes' | 'no';

const NEGATION = /\b(?:not|never|no|none|neither|nor|n't|cannot|nunca|jamás|jamas|ningún|ninguna|ninguno|tampoco|ni)\b|n't\b/iu;
// The share of the question's proposition terms the unit itself must state.
const SUPPORT_SHARE = 0.75;

/**
 * Yes or no for a yes/no question, only when the quoted unit states the question's proposition:
 * it holds the question's names and most of its terms. "No" needs an explicit negation the
 * question lacks, or a different figure where the question has one ("the 15th President" for
 * "the sixteenth"); anything less is left to the quote alone.
 */
export function yesNoVerdict(question: string, unit: string, analysis: QuestionAnalysis, language: Language): Verdict | undefined {
  if (analysis.type !== 'yes_no' || analysis.terms.length === 0) return undefined;
  const unitWords = new Set(termTokens(unit));
  if (!analysis.entities.every((group) => group.every((word) => unitWords.has(word) || /^\d/.test(word)))) return undefined;
  const unitTerms = new Set(familyTerms(unit, language));
  const figures = analysis.terms.filter((term) => /^\d/.test(term));
  const words = analysis.terms.filter((term) => !/^\d/.test(term));
  const matchedWords = words.filter((term) => unitTerms.has(term)).length;
  if (words.length > 0 && matchedWords / words.length < SUPPORT_SHARE) return undefined;
  // Ordinals are compared as such: "the 15th President" contradicts "the sixteenth"; a date's "April 15" says nothing.
  const asked = ordinalsOf(question, language);
  if (asked.size > 0) {
    const stated = ordinalsOf(unit, language);
    if (![...asked].every((figure) => stated.has(figure))) return stated.size > 0 ? 'no' : undefined;
  }
  if (!figures.every((figure) => unitTerms.has(figure) || asked.has(figure))) return undefined;
  const questionNegated = NEGATION.test(question);
  const unitNegated = NEGATION.test(unit);
  if (unitNegated !== questionNegated) return 'no';
  return 'yes';
}

function ordinalsOf(text: string, language: Language): Set<string> {
  const figures = new Set<string>();
  for (const match of text.matchAll(/\b(\d{1,3})(?:st|nd|rd|th|º|ª|°|\.?o|\.?a)\b/giu)) figures.add(match[1]!);
  for (const token of termTokens(text)) {
    if (!/^\p{L}+$/u.test(token)) continue;
    const family = termFamily(token, language);
    if (/^\d+$/.test(family)) figures.add(family);
  }
  return figures;
}
