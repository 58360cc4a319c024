import { countChunks } from './chunk-rows.js';
import type { SqlExecutor } from './database.js';
import type { VectorIndexState } from './vector-store.js';

export type VectorIndexPolicy = 'auto' | 'hnsw' | 'exact';

/** pgvector indexes `vector` up to 2,000 dimensions; larger vectors are indexed as halfvec. */
export const MAX_VECTOR_INDEX_DIMENSIONS = 2000;
const INDEX_NAME = 'chunks_embedding_hnsw';

/** The cast that both the index expression and every query use, so the planner can match them. */
export function vectorCast(dimensions: number): string {
  return dimensions > MAX_VECTOR_INDEX_DIMENSIONS ? `halfvec(${dimensions})` : `vector(${dimensions})`;
}

/** Through the owner's function (migration 007): the ingest role on AWS does not own chunks. */
export async function dropVectorIndex(db: SqlExecutor): Promise<void> {
  await db.query('SELECT rag_drop_vector_index()');
}

async function hasVectorIndex(db: SqlExecutor): Promise<boolean> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = $1', [INDEX_NAME]);
  return Number(rows[0]?.n ?? 0) > 0;
}

/** Drops the index before a load large enough that rebuilding it after costs less than indexing row by row. */
export async function prepareVectorIndexForBulkLoad(db: SqlExecutor, expectedNewChunks: number): Promise<void> {
  if (!(await hasVectorIndex(db))) return;
  const existing = await countChunks(db);
  // Rebuilding is cheaper than indexing row by row once the load is a sizeable share of the table.
  if (expectedNewChunks >= 1000 && expectedNewChunks >= existing * 0.2) await dropVectorIndex(db);
}

/**
 * Builds the HNSW index when the policy and the corpus size call for one, and drops it under `exact`.
 * The dimensions are asked for only to build it, so an unbound store can still report an exact index.
 */
export async function refreshVectorIndex(
  db: SqlExecutor,
  policy: { indexPolicy: VectorIndexPolicy; hnswMinChunks: number; dimensions: () => number },
): Promise<VectorIndexState> {
  const chunks = await countChunks(db);
  const wantIndex = policy.indexPolicy === 'hnsw' || (policy.indexPolicy === 'auto' && chunks >= policy.hnswMinChunks);
  const present = await hasVectorIndex(db);
  if (!wantIndex) {
    if (present && policy.indexPolicy === 'exact') await dropVectorIndex(db);
    return { kind: 'exact', chunks };
  }
  if (present) return { kind: 'hnsw', chunks, built: false };
  // Built by the owner's function (migration 007), which picks the operator class for the cast.
  await db.query('SELECT rag_create_vector_index($1, 16, 64)', [vectorCast(policy.dimensions())]);
  return { kind: 'hnsw', chunks, built: true };
}
