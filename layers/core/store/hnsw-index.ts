import { countChunks } from './chunk-rows.js';
import type { Database, SqlExecutor } from './database.js';
import type { VectorIndexState } from './vector-store.js';

export type VectorIndexPolicy = 'auto' | 'hnsw' | 'exact';

/** pgvector indexes halfvec up to 4,000 dimensions (vector only up to 2,000). */
export const MAX_VECTOR_INDEX_DIMENSIONS = 4000;
const INDEX_NAME = 'chunks_embedding_hnsw';

/**
 * The graph's shape. m = 16 with ef_construction = 64 (pgvector's defaults) gives the recall per
 * millisecond of search measured in docs/BENCHMARKS.md; a denser graph costs build and insert
 * time that ef_search buys back more cheaply.
 */
export const HNSW_BUILD = { m: 16, efConstruction: 64 } as const;

/** Most memory the build may take: beyond it pgvector builds on disk, many times slower. */
const MAX_BUILD_MEMORY_MB = 1024;
const MIN_BUILD_MEMORY_MB = 64;

/** pgvector's HNSW takes full-precision vectors up to 2,000 dimensions. */
const MAX_FULL_PRECISION_INDEX_DIMENSIONS = 2000;

/**
 * The cast that both the index expression and every query use, so the planner can match them:
 * full precision where pgvector can index it, half precision above (OpenAI's 3,072-d). Not half
 * precision throughout: in the embedded engine (WASM, without the CPU's half-float instructions)
 * it made the build about 6 times and each search about 2.5 times slower (docs/BENCHMARKS.md).
 */
export function vectorCast(dimensions: number): string {
  return indexesHalfPrecision(dimensions) ? `halfvec(${dimensions})` : `vector(${dimensions})`;
}

function indexesHalfPrecision(dimensions: number): boolean {
  return dimensions > MAX_FULL_PRECISION_INDEX_DIMENSIONS;
}

/**
 * What the index is, written on it as a comment, so a store with other settings (or an index
 * from an older release, which has none) rebuilds it instead of leaving queries without a
 * usable index.
 */
export function indexSignature(dimensions: number): string {
  return `${vectorCast(dimensions)} m=${HNSW_BUILD.m} ef_construction=${HNSW_BUILD.efConstruction}`;
}

/**
 * maintenance_work_mem for building the graph of `chunks` vectors in memory: each node holds its
 * vector as indexed (4 bytes a dimension, 2 in half precision) and up to 2m neighbours on the
 * bottom layer, plus pgvector's bookkeeping.
 */
export function buildMemoryMb(chunks: number, dimensions: number): number {
  const bytesPerDimension = indexesHalfPrecision(dimensions) ? 2 : 4;
  const bytesPerNode = dimensions * bytesPerDimension + HNSW_BUILD.m * 2 * 16 + 256;
  const needed = Math.ceil((chunks * bytesPerNode * 1.5) / (1024 * 1024));
  return Math.min(MAX_BUILD_MEMORY_MB, Math.max(MIN_BUILD_MEMORY_MB, needed));
}

/** Through the owner's function (migration 007): the ingest role on AWS does not own chunks. */
export async function dropVectorIndex(db: SqlExecutor): Promise<void> {
  await db.query('SELECT rag_drop_vector_index()');
}

/** The signature of the index in place, `''` for an index without one, `undefined` for none. */
async function currentSignature(db: SqlExecutor): Promise<string | undefined> {
  const rows = await db.query<{ signature: string | null }>(
    "SELECT obj_description(c.oid, 'pg_class') AS signature FROM pg_class c WHERE c.relname = $1 AND c.relkind = 'i'",
    [INDEX_NAME],
  );
  return rows.length === 0 ? undefined : (rows[0]!.signature ?? '');
}

/** Drops the index before a load large enough that rebuilding it after costs less than indexing row by row. */
export async function prepareVectorIndexForBulkLoad(db: SqlExecutor, expectedNewChunks: number): Promise<void> {
  if ((await currentSignature(db)) === undefined) return;
  const existing = await countChunks(db);
  // Rebuilding is cheaper than indexing row by row once the load is a sizeable share of the table.
  if (expectedNewChunks >= 1000 && expectedNewChunks >= existing * 0.2) await dropVectorIndex(db);
}

/**
 * Builds the HNSW index when the policy and the corpus size call for one (or rebuilds one built
 * with other settings), and drops it under `exact`. The dimensions are asked for only to build
 * it, so an unbound store can still report an exact index.
 */
export async function refreshVectorIndex(
  db: Database,
  policy: { indexPolicy: VectorIndexPolicy; hnswMinChunks: number; dimensions: () => number },
): Promise<VectorIndexState> {
  const chunks = await countChunks(db);
  const wantIndex = policy.indexPolicy === 'hnsw' || (policy.indexPolicy === 'auto' && chunks >= policy.hnswMinChunks);
  const present = await currentSignature(db);
  if (!wantIndex) {
    if (present !== undefined && policy.indexPolicy === 'exact') await dropVectorIndex(db);
    return { kind: 'exact', chunks };
  }
  const dimensions = policy.dimensions();
  const signature = indexSignature(dimensions);
  if (present === signature) return { kind: 'hnsw', chunks, built: false };
  // Built by the owner's function (migration 007): the ingest role on AWS owns no table. It
  // replaces any index in place, sizes maintenance_work_mem for this build only, and signs it.
  await db.query('SELECT rag_create_vector_index($1, $2, $3, $4, $5)', [
    vectorCast(dimensions),
    HNSW_BUILD.m,
    HNSW_BUILD.efConstruction,
    buildMemoryMb(chunks, dimensions),
    signature,
  ]);
  return { kind: 'hnsw', chunks, built: true };
}
