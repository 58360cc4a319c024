import type { SqlExecutor } from './database.js';

/**
 * HNSW search breadth by corpus size: the smallest ef_search whose recall@10 against exact
 * search reached 0.95 on the measured curve (docs/BENCHMARKS.md, section 3), for the index
 * `HNSW_BUILD` describes. A larger graph needs a wider search for the same recall.
 */
export const EF_SEARCH_BY_CHUNKS: readonly { upTo: number; efSearch: number }[] = [
  { upTo: 10_000, efSearch: 200 },
  { upTo: 20_000, efSearch: 400 },
  { upTo: 50_000, efSearch: 600 },
  { upTo: Number.POSITIVE_INFINITY, efSearch: 800 },
];

export function efSearchForChunks(chunks: number): number {
  return (EF_SEARCH_BY_CHUNKS.find((step) => chunks <= step.upTo) ?? EF_SEARCH_BY_CHUNKS.at(-1)!).efSearch;
}

/**
 * The corpus size, remembered for `ttlMs` so a question does not count chunks. It is read from
 * the documents' chunk counts, which is far fewer rows than the chunks table.
 */
export class CorpusSize {
  private known?: { chunks: number; at: number };

  constructor(private readonly ttlMs: number) {}

  set(chunks: number, now = Date.now()): void {
    this.known = { chunks, at: now };
  }

  async get(db: SqlExecutor, now = Date.now()): Promise<number> {
    if (this.known && now - this.known.at < this.ttlMs) return this.known.chunks;
    const rows = await db.query<{ chunks: number | string }>('SELECT coalesce(sum(chunk_count), 0)::int AS chunks FROM documents');
    const chunks = Number(rows[0]?.chunks ?? 0);
    this.set(chunks, now);
    return chunks;
  }
}
