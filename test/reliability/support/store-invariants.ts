import type { SqlExecutor } from '#core/store/database.js';
import { stableId } from '#core/store/stable-id.js';

/** Documents whose rows disagree with themselves: chunk count, ordinals or a missing chunk. */
export async function inconsistentDocuments(db: SqlExecutor): Promise<string[]> {
  const rows = await db.query<{ source: string; chunk_count: number; chunks: number; first: number | null; last: number | null; distinct_ordinals: number }>(
    `SELECT d.source, d.chunk_count, count(c.id)::int AS chunks, min(c.ordinal) AS first, max(c.ordinal) AS last,
            count(DISTINCT c.ordinal)::int AS distinct_ordinals
     FROM documents d LEFT JOIN chunks c ON c.document_id = d.id GROUP BY d.id, d.source, d.chunk_count`,
  );
  return rows
    .filter((row) => {
      const n = Number(row.chunks);
      return n === 0 || Number(row.chunk_count) !== n || Number(row.first) !== 0 || Number(row.last) !== n - 1 || Number(row.distinct_ordinals) !== n;
    })
    .map((row) => row.source);
}

/** Rows left for a source: its document, and chunks under the id it would have had. */
export async function rowsOf(db: SqlExecutor, source: string): Promise<{ documents: number; chunks: number }> {
  const documents = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents WHERE source = $1', [source]);
  const chunks = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks WHERE document_id = $1', [stableId('document', source)]);
  return { documents: Number(documents[0]?.n ?? 0), chunks: Number(chunks[0]?.n ?? 0) };
}

/** Chunks whose document row is gone (a foreign key should make this impossible). */
export async function orphanChunks(db: SqlExecutor): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = c.document_id)');
  return Number(rows[0]?.n ?? 0);
}

/** Chunk bodies of one document in order. */
export async function chunkBodies(db: SqlExecutor, source: string): Promise<string[]> {
  const rows = await db.query<{ body: string }>('SELECT c.body FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.source = $1 ORDER BY c.ordinal', [
    source,
  ]);
  return rows.map((row) => row.body);
}
