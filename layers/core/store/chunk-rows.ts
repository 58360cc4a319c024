import { foldText } from '../text/fold-text.js';
import type { SqlExecutor } from './database.js';
import { stableId } from './stable-id.js';
import type { DocumentReplacement } from './vector-store.js';

/**
 * A unit vector for bulk inserts as an integer array literal, scaled so its largest component is
 * ±2³¹−1; the insert casts it to `vector` and normalises it back to unit length. pgvector parses
 * float text with `strtof`, which in the embedded (WASM) database costs about 1 µs per number —
 * most of the insert — while integers parse about six times faster. The rounding error (at most
 * 2⁻³² of the largest component) is far below float32's own precision.
 */
export function unitVectorIntegerLiteral(vector: readonly number[]): string {
  let max = 0;
  for (const value of vector) max = Math.max(max, Math.abs(value));
  const scale = max === 0 ? 0 : 2147483647 / max;
  let text = '{';
  for (let i = 0; i < vector.length; i += 1) {
    if (i > 0) text += ',';
    text += Math.round(vector[i]! * scale);
  }
  return `${text}}`;
}

export async function countChunks(db: SqlExecutor): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks');
  return Number(rows[0]?.n ?? 0);
}

/** Writes the chunks of documents already saved, with their vectors and weighted full-text vectors. */
export async function insertChunks(tx: SqlExecutor, entries: readonly (DocumentReplacement & { documentId: string })[]): Promise<void> {
  const rows = entries.flatMap((entry) => entry.chunks.map((chunk) => ({ entry, chunk })));
  // One statement per 500 rows, whatever the number of documents.
  const batchSize = 500;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    await tx.query(
      `INSERT INTO chunks (id, document_id, ordinal, header, body, heading_path, page, token_count, text_config, embedding, tsv)
       SELECT u.id, u.document_id, u.ordinal, u.header, u.body,
              ARRAY(SELECT jsonb_array_elements_text(u.heading_path::jsonb)), u.page, u.token_count, u.text_config::regconfig, l2_normalize(u.embedding::int[]::vector),
              setweight(to_tsvector(u.text_config::regconfig, u.folded_title), 'A')
                || setweight(to_tsvector(u.text_config::regconfig, u.folded_heading), 'B')
                || setweight(to_tsvector(u.text_config::regconfig, u.folded_body), 'D')
       FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
         AS u(id, document_id, ordinal, header, body, heading_path, page, token_count, text_config, embedding, folded_title, folded_heading, folded_body)`,
      [
        batch.map(({ entry, chunk }) => stableId('chunk', entry.documentId, entry.document.contentHash, String(chunk.ordinal))),
        batch.map(({ entry }) => entry.documentId),
        batch.map(({ chunk }) => chunk.ordinal),
        batch.map(({ chunk }) => chunk.header),
        batch.map(({ chunk }) => chunk.body),
        batch.map(({ chunk }) => JSON.stringify(chunk.headingPath)),
        batch.map(({ chunk }) => chunk.page ?? null),
        batch.map(({ chunk }) => chunk.tokenCount),
        batch.map(({ entry }) => entry.textConfig),
        batch.map(({ chunk }) => unitVectorIntegerLiteral(chunk.embedding)),
        batch.map(({ entry }) => foldText(entry.document.title)),
        batch.map(({ chunk }) => foldText(chunk.headingPath.join(' '))),
        batch.map(({ chunk }) => foldText(chunk.body)),
      ],
    );
  }
}
