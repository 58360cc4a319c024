/**
 * The text unanswered questions are grouped by: lower case, accents folded, punctuation and
 * runs of spaces collapsed, so "Who invented the piano?" and "who invented the  piano" count
 * as one question, in Spanish as in English ("¿Quién inventó el piano?" → "quien invento el piano").
 */
export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
