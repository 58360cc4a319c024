import pgvector from 'pgvector';
import { ConfigError } from '../errors.js';
import type { RetrievedChunk } from '../retrieval/retrieved-chunk.js';
import { foldText, foldedWords } from '../text/fold-text.js';
import { isStopword } from '../text/stopwords.js';
import type { Database, SqlExecutor } from './database.js';
import { isUuid, stableId } from './stable-id.js';
import type {
  DocumentReplacement,
  DocumentToStore,
  EmbeddedChunk,
  LanguageCount,
  ReplaceOutcome,
  StoredDocument,
  TextSearchConfig,
  VectorIndexState,
  VectorQuery,
  VectorStore,
} from './vector-store.js';

export type VectorIndexPolicy = 'auto' | 'hnsw' | 'exact';

export interface PgVectorStoreOptions {
  /** `auto` builds HNSW once the corpus reaches `hnswMinChunks`; `exact` never does. @default 'auto' */
  indexPolicy?: VectorIndexPolicy;
  /** @default 5000 */
  hnswMinChunks?: number;
  /**
   * HNSW search breadth; must be ≥ the candidates asked for. With the local hashing embedder, 200
   * gives recall@10 ≈ 0.93 at 20,000 chunks but ≈ 0.78 at 100,000, where 400 gives ≈ 0.92 at about
   * twice the time (docs/BENCHMARKS.md). @default 200
   */
  efSearch?: number;
  /**
   * Most chunks the full-text half ranks. Query words are kept rarest first while the chunks
   * they match fit in this budget; a word matching more chunks than that is dropped. @default 200
   */
  textMatchBudget?: number;
  /**
   * How long a word found in more chunks than `textMatchBudget` is remembered as too common to
   * search for, so it is not counted again on every question. 0 turns the memory off. @default 600000 (10 minutes)
   */
  commonWordTtlMs?: number;
}

/** pgvector indexes `vector` up to 2,000 dimensions; larger vectors are indexed as halfvec. */
export const MAX_VECTOR_INDEX_DIMENSIONS = 2000;
/** HNSW search breadth unless configured; see `PgVectorStoreOptions.efSearch`. */
export const DEFAULT_EF_SEARCH = 200;
/** Most chunks the full-text half ranks unless configured; see `PgVectorStoreOptions.textMatchBudget`. */
export const DEFAULT_TEXT_MATCH_BUDGET = 200;
/**
 * The tsquery for words in SQL expression `words` (a parameter or a column): their English and
 * their Spanish stems, since a chunk's `tsv` holds both.
 */
export const bilingualTsquery = (words: string) => `websearch_to_tsquery('english', ${words}) || websearch_to_tsquery('spanish', ${words})`;
/** ts_rank_cd weights D, C, B, A: body words count for much; the title (A) and heading path (B) add context. */
export const TEXT_RANK_WEIGHTS = '{0.4,0.4,0.7,1.0}';
const RRF_K = 60;
const INDEX_NAME = 'chunks_embedding_hnsw';

interface DocumentRow {
  id: string;
  source: string;
  content_hash: string;
  title: string;
  format: string;
  language: string;
  metadata: Record<string, unknown>;
  byte_size: number;
  chunk_count: number;
  embedding_model: string;
  created_at: Date;
  updated_at: Date;
}

const DOCUMENT_COLUMNS = 'id, source, content_hash, title, format, language, metadata, byte_size, chunk_count, embedding_model, created_at, updated_at';

function toDocument(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    source: row.source,
    contentHash: row.content_hash,
    title: row.title,
    format: row.format,
    language: row.language,
    metadata: row.metadata ?? {},
    byteSize: Number(row.byte_size),
    chunkCount: Number(row.chunk_count),
    embeddingModel: row.embedding_model,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The VectorStore on PostgreSQL + pgvector; the same code serves PGlite and Aurora. */
export class PgVectorStore implements VectorStore {
  private modelId?: string;
  private dimensions?: number;
  private readonly indexPolicy: VectorIndexPolicy;
  private readonly hnswMinChunks: number;
  private readonly efSearch: number;
  private readonly textMatchBudget: number;
  private readonly commonWords: CommonWords;

  constructor(private readonly db: Database, options: PgVectorStoreOptions = {}) {
    this.indexPolicy = options.indexPolicy ?? 'auto';
    this.hnswMinChunks = options.hnswMinChunks ?? 5000;
    this.efSearch = options.efSearch ?? DEFAULT_EF_SEARCH;
    this.textMatchBudget = options.textMatchBudget ?? DEFAULT_TEXT_MATCH_BUDGET;
    this.commonWords = new CommonWords(options.commonWordTtlMs ?? 10 * 60_000);
  }

  async bindEmbeddingModel(modelId: string, dimensions: number): Promise<void> {
    const rows = await this.db.query<{ value: { modelId: string; dimensions: number } }>(
      "SELECT value FROM index_settings WHERE key = 'embedding_model'",
    );
    const stored = rows[0]?.value;
    if (stored && (stored.modelId !== modelId || stored.dimensions !== dimensions)) {
      const chunks = await this.countChunks();
      if (chunks > 0) {
        throw new ConfigError(
          `This index was built with the embedding model ${stored.modelId} (${stored.dimensions} dimensions), but ${modelId} (${dimensions} dimensions) is configured. ` +
            'Use the same EMBEDDINGS_PROVIDER and model, or re-index into an empty data folder / database.',
        );
      }
    }
    if (!stored || stored.modelId !== modelId || stored.dimensions !== dimensions) {
      await this.db.query(
        `INSERT INTO index_settings (key, value) VALUES ('embedding_model', $1::text::jsonb)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [JSON.stringify({ modelId, dimensions })],
      );
      await this.db.query(`DROP INDEX IF EXISTS ${INDEX_NAME}`);
    }
    this.modelId = modelId;
    this.dimensions = dimensions;
  }

  private requireModel(): { modelId: string; dimensions: number } {
    if (!this.modelId || !this.dimensions) throw new Error('bindEmbeddingModel() must be called before using the vector store');
    return { modelId: this.modelId, dimensions: this.dimensions };
  }

  /** The cast that both the index expression and every query use, so the planner can match them. */
  private vectorCast(): string {
    const { dimensions } = this.requireModel();
    return dimensions > MAX_VECTOR_INDEX_DIMENSIONS ? `halfvec(${dimensions})` : `vector(${dimensions})`;
  }

  async findDocumentBySource(source: string): Promise<StoredDocument | undefined> {
    const rows = await this.db.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE source = $1`, [source]);
    return rows[0] && toDocument(rows[0]);
  }

  async getDocument(id: string): Promise<StoredDocument | undefined> {
    if (!isUuid(id)) return undefined;
    const rows = await this.db.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1`, [id]);
    return rows[0] && toDocument(rows[0]);
  }

  async listDocuments(): Promise<StoredDocument[]> {
    const rows = await this.db.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents ORDER BY source`);
    return rows.map(toDocument);
  }

  async documentLanguages(): Promise<LanguageCount[]> {
    const rows = await this.db.query<{ language: string; documents: number | string }>(
      'SELECT language, count(*) AS documents FROM documents GROUP BY language ORDER BY count(*) DESC, language',
    );
    return rows.map((row) => ({ language: row.language, documents: Number(row.documents) }));
  }

  async findDocumentsBySources(sources: readonly string[]): Promise<Map<string, StoredDocument>> {
    if (sources.length === 0) return new Map();
    const rows = await this.db.query<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE source = ANY($1::text[])`, [[...sources]]);
    return new Map(rows.map((row) => [row.source, toDocument(row)]));
  }

  async replaceDocument(document: DocumentToStore, chunks: EmbeddedChunk[], textConfig: TextSearchConfig): Promise<ReplaceOutcome> {
    return (await this.replaceDocuments([{ document, chunks, textConfig }]))[0]!;
  }

  async replaceDocuments(entries: readonly DocumentReplacement[]): Promise<ReplaceOutcome[]> {
    const { modelId, dimensions } = this.requireModel();
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
    return this.db.transaction(async (tx) => {
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
      await tx.query('DELETE FROM chunks WHERE document_id = ANY($1::uuid[])', [ids]);
      const saved = await tx.query<DocumentRow>(
        `INSERT INTO documents (id, source, content_hash, title, format, language, metadata, byte_size, chunk_count, embedding_model)
         SELECT u.id, u.source, u.content_hash, u.title, u.format, u.language, u.metadata::jsonb, u.byte_size, u.chunk_count, $10
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[])
           AS u(id, source, content_hash, title, format, language, metadata, byte_size, chunk_count)
         ON CONFLICT (source) DO UPDATE SET
           content_hash = EXCLUDED.content_hash, title = EXCLUDED.title, format = EXCLUDED.format,
           language = EXCLUDED.language, metadata = EXCLUDED.metadata, byte_size = EXCLUDED.byte_size,
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
        ],
      );
      await insertChunks(tx, changed.map((entry, i) => ({ ...entry, documentId: ids[i]! })));
      const savedBySource = new Map(saved.map((row) => [row.source, row]));
      return entries.map((entry, i) => outcomes[i] ?? { status: 'indexed', document: toDocument(savedBySource.get(entry.document.source)!) });
    });
  }

  async deleteDocument(idOrSource: string): Promise<StoredDocument | undefined> {
    const byId = isUuid(idOrSource);
    const rows = await this.db.query<DocumentRow>(
      byId
        ? `DELETE FROM documents WHERE id = $1::uuid OR source = $2 RETURNING ${DOCUMENT_COLUMNS}`
        : `DELETE FROM documents WHERE source = $1 RETURNING ${DOCUMENT_COLUMNS}`,
      byId ? [idOrSource, idOrSource] : [idOrSource],
    );
    return rows[0] && toDocument(rows[0]);
  }

  async countChunks(): Promise<number> {
    const rows = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks');
    return Number(rows[0]?.n ?? 0);
  }

  private async hasIndex(): Promise<boolean> {
    const rows = await this.db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = $1", [INDEX_NAME]);
    return Number(rows[0]?.n ?? 0) > 0;
  }

  async prepareBulkLoad(expectedNewChunks: number): Promise<void> {
    if (!(await this.hasIndex())) return;
    const existing = await this.countChunks();
    // Rebuilding is cheaper than indexing row by row once the load is a sizeable share of the table.
    if (expectedNewChunks >= 1000 && expectedNewChunks >= existing * 0.2) {
      await this.db.query(`DROP INDEX IF EXISTS ${INDEX_NAME}`);
    }
  }

  async refreshIndex(): Promise<VectorIndexState> {
    const chunks = await this.countChunks();
    const wantIndex = this.indexPolicy === 'hnsw' || (this.indexPolicy === 'auto' && chunks >= this.hnswMinChunks);
    const present = await this.hasIndex();
    if (!wantIndex) {
      if (present && this.indexPolicy === 'exact') await this.db.query(`DROP INDEX IF EXISTS ${INDEX_NAME}`);
      return { kind: 'exact', chunks };
    }
    if (present) return { kind: 'hnsw', chunks, built: false };
    const cast = this.vectorCast();
    const ops = cast.startsWith('halfvec') ? 'halfvec_ip_ops' : 'vector_ip_ops';
    await this.db.query(`CREATE INDEX IF NOT EXISTS ${INDEX_NAME} ON chunks USING hnsw ((embedding::${cast}) ${ops}) WITH (m = 16, ef_construction = 64)`);
    return { kind: 'hnsw', chunks, built: true };
  }

  /**
   * The words worth a full-text search. Counting a word's matches walks its whole posting list in
   * the GIN index, so a common word costs time in proportion to the corpus even to learn that it is
   * common; words found common recently are dropped without counting them again.
   */
  private async textTerms(tx: SqlExecutor, words: readonly string[]): Promise<string[]> {
    const now = Date.now();
    const unknown = words.filter((word) => !this.commonWords.has(word, now));
    const counts = await countWordMatches(tx, unknown, this.textMatchBudget + 1);
    for (const { word, matches } of counts) if (matches > this.textMatchBudget) this.commonWords.add(word, now);
    return selectTextTerms(counts, this.textMatchBudget);
  }

  /**
   * Hybrid retrieval: the nearest chunks by inner product (vectors are normalised, so this is
   * cosine) and the best full-text matches, fused by reciprocal rank.
   */
  async search(query: VectorQuery): Promise<RetrievedChunk[]> {
    const k = query.k ?? 3;
    const candidates = Math.max(query.candidates ?? 50, k);
    const cast = this.vectorCast();
    const vector = pgvector.toSql(query.vector) as string;
    const words = queryWords(query.text);
    return this.db.transaction(async (tx) => {
      // The planner costs an HNSW scan above a sequential scan and sort of a few ten thousand
      // vectors, which in the embedded database is ten times slower; without the index the
      // sequential scan remains the only plan, so turning it off only ever picks an index.
      await tx.query("SELECT set_config('hnsw.ef_search', $1, true), set_config('enable_seqscan', 'off', true)", [String(Math.max(this.efSearch, candidates))]);
      const terms = (await this.textTerms(tx, words)).join(' or ');
      const rows = await tx.query<SearchRow>(
        `WITH q AS NOT MATERIALIZED (
           SELECT $1::${cast} AS v,
                  CASE WHEN $4 = '' THEN NULL::tsquery
                       ELSE ${bilingualTsquery('$4')} END AS tq
         ),
         vector_hits AS (
           SELECT id, row_number() OVER (ORDER BY distance, id) AS rank FROM (
             SELECT c.id, c.embedding::${cast} <#> q.v AS distance FROM chunks c, q ORDER BY distance LIMIT $2
           ) nearest
         ),
         text_hits AS (
           SELECT id, row_number() OVER (ORDER BY text_rank DESC, id) AS rank, text_rank FROM (
             SELECT c.id, ts_rank_cd('${TEXT_RANK_WEIGHTS}', c.tsv, q.tq, 1) AS text_rank FROM chunks c, q
             WHERE q.tq IS NOT NULL AND c.tsv @@ q.tq
             ORDER BY text_rank DESC, c.id LIMIT $2
           ) matched
         ),
         fused AS (
           SELECT coalesce(v.id, t.id) AS id,
                  coalesce(1.0 / (${RRF_K} + v.rank), 0) + coalesce(1.0 / (${RRF_K} + t.rank), 0) AS rrf,
                  coalesce(t.text_rank, 0) AS text_rank
           FROM vector_hits v FULL OUTER JOIN text_hits t ON v.id = t.id
           -- Equal fused scores are common (rank 5 in one list alone scores as rank 5 in the other):
           -- break ties by vector rank, then id, so the same query always returns the same chunks.
           ORDER BY rrf DESC, v.rank NULLS LAST, t.rank NULLS LAST, coalesce(v.id, t.id) LIMIT $3
         )
         SELECT c.id AS chunk_id, c.document_id, d.source, d.title, c.heading_path, c.page, c.ordinal, c.body,
                f.rrf, f.text_rank, -(c.embedding::${cast} <#> q.v) AS similarity
         FROM fused f JOIN chunks c ON c.id = f.id JOIN documents d ON d.id = c.document_id, q
         ORDER BY f.rrf DESC, similarity DESC, c.id`,
        [vector, candidates, k, terms],
      );
      const best = 2 / (RRF_K + 1);
      return rows.map((row): RetrievedChunk => {
        const chunk: RetrievedChunk = {
          chunkId: row.chunk_id,
          documentId: row.document_id,
          source: row.source,
          title: row.title,
          headingPath: row.heading_path ?? [],
          ordinal: Number(row.ordinal),
          text: row.body,
          score: Math.min(1, Number(row.rrf) / best),
          vectorScore: Number(row.similarity),
          textScore: Number(row.text_rank),
        };
        if (row.page !== null && row.page !== undefined) chunk.page = Number(row.page);
        return chunk;
      });
    });
  }
}

interface SearchRow {
  chunk_id: string;
  document_id: string;
  source: string;
  title: string;
  heading_path: string[] | null;
  page: number | null;
  ordinal: number | string;
  body: string;
  rrf: number | string;
  text_rank: number | string;
  similarity: number | string;
}

/**
 * Words recently found in more chunks than the budget. A common word seldom becomes rare (only
 * by deleting most of the documents that use it), so remembering it for minutes is safe; a rare
 * word is never remembered, so newly indexed words are searchable at once.
 */
class CommonWords {
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

async function insertChunks(tx: SqlExecutor, entries: readonly (DocumentReplacement & { documentId: string })[]) {
  const rows = entries.flatMap((entry) =>
    entry.chunks.map((chunk) => ({ entry, chunk })),
  );
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
