/** The cut-offs every report shows. */
export const RECALL_CUTOFFS = [1, 3, 10] as const;

/**
 * 1-based rank of the first retrieved item whose source is gold, or undefined when none is.
 * Ranks count chunks, so two chunks of a wrong document ahead of the gold one push it to rank 3.
 */
export function goldRank(retrievedSources: readonly string[], goldSources: readonly string[]): number | undefined {
  const gold = new Set(goldSources);
  const index = retrievedSources.findIndex((source) => gold.has(source));
  return index < 0 ? undefined : index + 1;
}

export interface RetrievalSummary {
  questions: number;
  /** Share of questions with a gold item in the top k, by k. */
  recall: Record<number, number>;
  /** Mean reciprocal rank over the retrieved list (0 for a miss). */
  mrr: number;
}

/** Recall@k for each cut-off and MRR over the ranks of a set of questions. */
export function summarizeRetrieval(ranks: readonly (number | undefined)[], cutoffs: readonly number[] = RECALL_CUTOFFS): RetrievalSummary {
  const n = ranks.length;
  const recall: Record<number, number> = {};
  for (const k of cutoffs) recall[k] = n === 0 ? 0 : ranks.filter((rank) => rank !== undefined && rank <= k).length / n;
  const mrr = n === 0 ? 0 : ranks.reduce<number>((sum, rank) => sum + (rank === undefined ? 0 : 1 / rank), 0) / n;
  return { questions: n, recall, mrr };
}
