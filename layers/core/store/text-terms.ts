import { foldedWords } from '../text/fold-text.js';
import { isStopword } from '../text/stopwords.js';
import type { SqlExecutor } from './database.js';

/** Most chunks the full-text half ranks unless configured; see `PgVectorStoreOptions.textMatchBudget`. */
export const DEFAULT_TEXT_MATCH_BUDGET = 200;

/**
 * The tsquery for words in SQL expression `words` (a parameter or a column): their English and
 * their Spanish stems, since a chunk's `tsv` holds both.
 */
export const bilingualTsquery = (words: string) => `websearch_to_tsquery('english', ${words}) || websearch_to_tsquery('spanish', ${words})`;

/** The content words of a question: accent-folded, without function words, at most 32. */
export function queryWords(text: string): string[] {
  return [...new Set(foldedWords(text).filter((word) => !isStopword(word) && word.length > 1))].slice(0, 32);
}

/**
 * Turns a natural-language question into an OR query of its content words: a question rarely
 * shares every word with the passage that answers it, so AND would miss most answers.
 */
export function queryTerms(text: string): string {
  return queryWords(text).join(' or ');
}

/** A query word and how many chunks contain it (in either text-search configuration), counted up to a cap. */
export interface WordMatches {
  word: string;
  matches: number;
}

/**
 * How many chunks contain each word, counting each only up to `cap` through the GIN index:
 * a bounded cost per word, however common it is.
 */
export async function countWordMatches(db: SqlExecutor, words: readonly string[], cap: number): Promise<WordMatches[]> {
  if (words.length === 0) return [];
  const rows = await db.query<{ word: string; matches: number }>(
    `SELECT w AS word,
            (SELECT count(*)::int FROM (SELECT 1 FROM chunks c WHERE c.tsv @@ (${bilingualTsquery('w')}) LIMIT $2) capped) AS matches
     FROM unnest($1::text[]) AS w`,
    [[...words], cap],
  );
  return rows.map((row) => ({ word: row.word, matches: Number(row.matches) }));
}

/**
 * The words the full-text half searches for: rarest first, while the chunks they match fit in
 * `budget`. ts_rank_cd weighs every word alike, so a word found in thousands of chunks adds noise
 * to the ranking as well as cost; leaving it to the vector half keeps the ranked set small and
 * lets the rare, telling words decide. Ties go by word, so the choice is deterministic.
 */
export function selectTextTerms(counts: readonly WordMatches[], budget: number): string[] {
  const byRarity = counts
    .filter((count) => count.matches > 0 && count.matches <= budget)
    .sort((a, b) => a.matches - b.matches || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  const kept: string[] = [];
  let total = 0;
  for (const { word, matches } of byRarity) {
    if (total + matches > budget) break;
    kept.push(word);
    total += matches;
  }
  return kept;
}

/**
 * Words recently found in more chunks than the budget. A common word seldom becomes rare (only
 * by deleting most of the documents that use it), so remembering it for minutes is safe; a rare
 * word is never remembered, so newly indexed words are searchable at once.
 */
export class CommonWords {
  private readonly seenAt = new Map<string, number>();
  private static readonly MAX_WORDS = 10_000;

  constructor(private readonly ttlMs: number) {}

  has(word: string, now: number): boolean {
    const seen = this.seenAt.get(word);
    if (seen === undefined) return false;
    if (now - seen < this.ttlMs) return true;
    this.seenAt.delete(word);
    return false;
  }

  add(word: string, now: number): void {
    if (this.ttlMs <= 0) return;
    this.seenAt.delete(word);
    this.seenAt.set(word, now);
    // Maps iterate in insertion order, so the first key is the word remembered longest ago.
    if (this.seenAt.size > CommonWords.MAX_WORDS) this.seenAt.delete(this.seenAt.keys().next().value!);
  }
}

/**
 * The words worth a full-text search. Counting a word's matches walks its whole posting list in
 * the GIN index, so a common word costs time in proportion to the corpus even to learn that it is
 * common; words found common recently are dropped without counting them again.
 */
export async function textTerms(tx: SqlExecutor, words: readonly string[], budget: number, commonWords: CommonWords): Promise<string[]> {
  const now = Date.now();
  const unknown = words.filter((word) => !commonWords.has(word, now));
  const counts = await countWordMatches(tx, unknown, budget + 1);
  for (const { word, matches } of counts) if (matches > budget) commonWords.add(word, now);
  return selectTextTerms(counts, budget);
}
