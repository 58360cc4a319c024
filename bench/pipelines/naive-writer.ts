import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pgvector from 'pgvector';
import { detectLanguage } from '#core/chat/detect-language.js';
import { chunkDocument, contextualText } from '#core/chunking/index.js';
import { cleanDocument } from '#core/cleaning/index.js';
import { LocalHashingEmbeddingProvider } from '#core/embeddings/local-hashing-embedding-provider.js';
import { parseDocument } from '#core/parsing/index.js';
import { applyMigrations } from '#core/store/migrator.js';
import { PgVectorStore } from '#core/store/pg-vector-store.js';
import { PgliteDatabase } from '#core/store/pglite-database.js';
import { sha256Hex, stableId } from '#core/store/stable-id.js';
import type { CorpusFile } from '../corpora.js';
import type { IngestRun } from './ingest-run.js';

/**
 * The "before" writer: the same parser, cleaner, chunker and embedder, but one document at a
 * time, one embedding call and one INSERT per chunk, each its own implicit transaction — the
 * row-by-row loop the first version of the pipeline used, into the same schema.
 */
export async function ingestRowByRow(dataDir: string, files: readonly CorpusFile[]): Promise<IngestRun> {
  const db = await PgliteDatabase.open({ dataDir: path.join(dataDir, 'pgdata') });
  try {
    await applyMigrations(db);
    const embedder = new LocalHashingEmbeddingProvider();
    const store = new PgVectorStore(db);
    await store.bindEmbeddingModel(embedder.id, embedder.dimensions);
    const started = performance.now();
    let documents = 0;
    let chunks = 0;
    let failed = 0;
    for (const file of files) {
      try {
        const bytes = new Uint8Array(await readFile(file.path));
        const parsed = cleanDocument(await parseDocument({ source: file.source, bytes }));
        const language = detectLanguage(
          `${parsed.title}\n${parsed.sections
            .map((s) => s.text)
            .join('\n')
            .slice(0, 4000)}`,
        );
        const textConfig = language === 'es' ? 'spanish' : language === 'en' ? 'english' : 'simple';
        const documentChunks = chunkDocument(parsed);
        const documentId = stableId('document', file.source);
        await db.query(
          `INSERT INTO documents (id, source, content_hash, title, format, language, metadata, byte_size, chunk_count, embedding_model, collection)
           VALUES ($1, $2, $3, $4, $5, $6, '{}'::jsonb, $7, $8, $9, 'default')`,
          [documentId, file.source, sha256Hex(bytes), parsed.title, parsed.format, language, bytes.byteLength, documentChunks.length, embedder.id],
        );
        for (const chunk of documentChunks) {
          const { vectors } = await embedder.embed([contextualText(chunk)], 'document');
          await db.query(
            `INSERT INTO chunks (id, document_id, ordinal, header, body, heading_path, page, token_count, text_config, embedding, tsv)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::regconfig, $10::vector,
                     setweight(to_tsvector($9::regconfig, $11), 'A') || setweight(to_tsvector($9::regconfig, $5), 'D'))`,
            [
              stableId('chunk', documentId, String(chunk.ordinal)),
              documentId,
              chunk.ordinal,
              chunk.header,
              chunk.body,
              chunk.headingPath,
              chunk.page ?? null,
              chunk.tokenCount,
              textConfig,
              pgvector.toSql(vectors[0]!),
              parsed.title,
            ],
          );
          chunks += 1;
        }
        documents += 1;
      } catch {
        failed += 1;
      }
    }
    const index = await store.refreshIndex();
    return { documents, chunks, failed, seconds: (performance.now() - started) / 1000, hnsw: index.kind === 'hnsw' };
  } finally {
    await db.close();
  }
}
