import { ConfigError } from '../errors.js';
import { insertChunks } from './chunk-rows.js';
import type { Database, SqlExecutor } from './database.js';
import { DOCUMENT_COLUMNS, type DocumentRow, toDocument } from './document-row.js';
import { DEFAULT_COLLECTION } from './collection-name.js';
import { isUuid, stableId } from './stable-id.js';
import { ATTACHED_TO_KEY, type DocumentReplacement, type LanguageCount, type ReplaceOutcome, type StoredDocument } from './vector-store.js';

/** The documents table of the pgvector store: lookups, replacement with their chunks, deletion. */

export async function findDocumentBySource(db: SqlExecutor, source: string): Promise<StoredDocument | undefined> {
  const rows = await db.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE source = $1`, [source]);
  return rows[0] && toDocument(rows[0]);
}

export async function getDocument(db: SqlExecutor, id: string): Promise<StoredDocument | undefined> {
  if (!isUuid(id)) return undefined;
  const rows = await db.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1`, [id]);
  return rows[0] && toDocument(rows[0]);
}

export async function listDocuments(db: SqlExecutor, collections?: readonly string[]): Promise<StoredDocument[]> {
  const rows = await db.query<DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE $1::text[] IS NULL OR collection = ANY($1::text[]) ORDER BY source`,
    [collections ? [...collections] : null],
  );
  return rows.map(toDocument);
}

export async function documentLanguages(db: SqlExecutor, collections?: readonly string[]): Promise<LanguageCount[]> {
  const rows = await db.query<{ language: string; documents: number | string }>(
    `SELECT language, count(*) AS documents FROM documents WHERE $1::text[] IS NULL OR collection = ANY($1::text[])
     GROUP BY language ORDER BY count(*) DESC, language`,
    [collections ? [...collections] : null],
  );
  return rows.map((row) => ({ language: row.language, documents: Number(row.documents) }));
}

export async function findDocumentsBySources(db: SqlExecutor, sources: readonly string[]): Promise<Map<string, StoredDocument>> {
  if (sources.length === 0) return new Map();
  const rows = await db.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE source = ANY($1::text[])`, [[...sources]]);
  return new Map(rows.map((row) => [row.source, toDocument(row)]));
}

/**
 * Replaces each document and its chunks in one transaction; a document whose content and model
 * are unchanged is left as it is.
 */
export async function replaceDocuments(
  db: Database,
  entries: readonly DocumentReplacement[],
  model: { modelId: string; dimensions: number },
): Promise<ReplaceOutcome[]> {
  const { modelId, dimensions } = model;
  if (entries.length === 0) return [];
  const sources = entries.map((entry) => entry.document.source);
  if (new Set(sources).size !== sources.length) throw new RangeError('replaceDocuments: a source appears twice in one batch');
  for (const { document, chunks } of entries) {
    for (const chunk of chunks) {
      if (chunk.embedding.length !== dimensions) {
        throw new ConfigError(`${document.source}: embedding has ${chunk.embedding.length} dimensions, the index expects ${dimensions}`);
      }
    }
  }
  return db.transaction(async (tx) => {
    // Serialises concurrent writers of the same source (redelivery, 20 uploads at once);
    // locks are taken in a fixed order so two batches can never deadlock.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext(s)) FROM (SELECT s FROM unnest($1::text[]) AS u(s) ORDER BY s) sorted', [[...sources].sort()]);
    const existing = await tx.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE source = ANY($1::text[])`, [sources]);
    const bySource = new Map(existing.map((row) => [row.source, row]));
    const outcomes: (ReplaceOutcome | undefined)[] = entries.map(({ document }) => {
      const current = bySource.get(document.source);
      return current && current.content_hash === document.contentHash && current.embedding_model === modelId
        ? { status: 'unchanged', document: toDocument(current) }
        : undefined;
    });
    const changed = entries.filter((_, i) => !outcomes[i]);
    if (changed.length === 0) return outcomes as ReplaceOutcome[];
    const ids = changed.map((entry) => stableId('document', entry.document.source));
    const collectionOf = (entry: DocumentReplacement) => entry.document.collection ?? DEFAULT_COLLECTION;
    await tx.query('INSERT INTO collections (name) SELECT DISTINCT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [changed.map(collectionOf)]);
    await tx.query('DELETE FROM chunks WHERE document_id = ANY($1::uuid[])', [ids]);
    const saved = await tx.query<DocumentRow>(
      `INSERT INTO documents (id, source, content_hash, title, format, language, metadata, byte_size, chunk_count, embedding_model, collection)
       SELECT u.id, u.source, u.content_hash, u.title, u.format, u.language, u.metadata::jsonb, u.byte_size, u.chunk_count, $10, u.collection
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $11::text[])
         AS u(id, source, content_hash, title, format, language, metadata, byte_size, chunk_count, collection)
       ON CONFLICT (source) DO UPDATE SET
         content_hash = EXCLUDED.content_hash, title = EXCLUDED.title, format = EXCLUDED.format,
         language = EXCLUDED.language, metadata = EXCLUDED.metadata, byte_size = EXCLUDED.byte_size, collection = EXCLUDED.collection,
         chunk_count = EXCLUDED.chunk_count, embedding_model = EXCLUDED.embedding_model, updated_at = now()
       RETURNING ${DOCUMENT_COLUMNS}`,
      [
        ids,
        changed.map((e) => e.document.source),
        changed.map((e) => e.document.contentHash),
        changed.map((e) => e.document.title),
        changed.map((e) => e.document.format),
        changed.map((e) => e.document.language),
        changed.map((e) => JSON.stringify(e.document.metadata)),
        changed.map((e) => e.document.byteSize),
        changed.map((e) => e.chunks.length),
        modelId,
        changed.map(collectionOf),
      ],
    );
    await insertChunks(
      tx,
      changed.map((entry, i) => ({ ...entry, documentId: ids[i]! })),
    );
    const owners = changed.filter((entry) => entry.document.attachments !== undefined);
    if (owners.length > 0) {
      // An attachment dropped from a re-ingested e-mail leaves with it; its chunks follow by cascade.
      await tx.query(`DELETE FROM documents WHERE metadata->>'${ATTACHED_TO_KEY}' = ANY($1::text[]) AND NOT (source = ANY($2::text[]))`, [
        owners.map((entry) => entry.document.source),
        owners.flatMap((entry) => entry.document.attachments!),
      ]);
    }
    const savedBySource = new Map(saved.map((row) => [row.source, row]));
    return entries.map((entry, i) => outcomes[i] ?? { status: 'indexed', document: toDocument(savedBySource.get(entry.document.source)!) });
  });
}

/**
 * Deletes by id or by source (a source may look like a uuid, so both are tried); the chunks go with
 * it, and so do the documents attached to it (an e-mail's attachments), in the same statement.
 */
export async function deleteDocument(db: SqlExecutor, idOrSource: string): Promise<StoredDocument | undefined> {
  const byId = isUuid(idOrSource);
  const rows = await db.query<DocumentRow>(
    `WITH target AS (
       ${byId ? 'DELETE FROM documents WHERE id = $1::uuid OR source = $2' : 'DELETE FROM documents WHERE source = $1'} RETURNING ${DOCUMENT_COLUMNS}
     ), attached AS (
       DELETE FROM documents WHERE metadata->>'${ATTACHED_TO_KEY}' IN (SELECT source FROM target)
     )
     SELECT * FROM target`,
    byId ? [idOrSource, idOrSource] : [idOrSource],
  );
  return rows[0] && toDocument(rows[0]);
}
