import { ConfigError } from '../errors.js';
import { countChunks } from './chunk-rows.js';
import type { Database } from './database.js';
import { CorpusSize, efSearchForChunks } from './ef-search.js';
import { hybridSearch } from './hybrid-search.js';
import { dropVectorIndex, prepareVectorIndexForBulkLoad, refreshVectorIndex, type VectorIndexPolicy, vectorCast } from './hnsw-index.js';
import * as documents from './pg-documents.js';
import type { RetrievedChunk } from './retrieved-chunk.js';
import { CommonWords, DEFAULT_TEXT_MATCH_BUDGET } from './text-terms.js';
import type {
  BindModelOptions,
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

export interface PgVectorStoreOptions {
  /** `auto` builds HNSW once the corpus reaches `hnswMinChunks`; `exact` never does. @default 'auto' */
  indexPolicy?: VectorIndexPolicy;
  /** @default 5000 */
  hnswMinChunks?: number;
  /**
   * HNSW search breadth, fixed; at least the candidates asked for is always searched. By default
   * it follows the corpus size (`EF_SEARCH_BY_CHUNKS`), since a larger graph needs a wider search
   * for the same recall (docs/BENCHMARKS.md, section 3).
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

/**
 * The VectorStore on PostgreSQL + pgvector; the same code serves PGlite and Aurora. It binds the
 * embedding model and composes the documents table, the HNSW index lifecycle and hybrid search.
 */
export class PgVectorStore implements VectorStore {
  private modelId?: string;
  private dimensions?: number;
  private readonly indexPolicy: VectorIndexPolicy;
  private readonly hnswMinChunks: number;
  private readonly efSearch?: number;
  private readonly corpusSize = new CorpusSize(10 * 60_000);
  private readonly textMatchBudget: number;
  private readonly commonWords: CommonWords;

  constructor(
    private readonly db: Database,
    options: PgVectorStoreOptions = {},
  ) {
    this.indexPolicy = options.indexPolicy ?? 'auto';
    this.hnswMinChunks = options.hnswMinChunks ?? 5000;
    if (options.efSearch !== undefined) this.efSearch = options.efSearch;
    this.textMatchBudget = options.textMatchBudget ?? DEFAULT_TEXT_MATCH_BUDGET;
    this.commonWords = new CommonWords(options.commonWordTtlMs ?? 10 * 60_000);
  }

  async bindEmbeddingModel(modelId: string, dimensions: number, options: BindModelOptions = {}): Promise<void> {
    const rows = await this.db.query<{ value: { modelId: string; dimensions: number } }>("SELECT value FROM index_settings WHERE key = 'embedding_model'");
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
    if ((options.record ?? true) && (!stored || stored.modelId !== modelId || stored.dimensions !== dimensions)) {
      await this.db.query(
        `INSERT INTO index_settings (key, value) VALUES ('embedding_model', $1::text::jsonb)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [JSON.stringify({ modelId, dimensions })],
      );
      await dropVectorIndex(this.db);
    }
    this.modelId = modelId;
    this.dimensions = dimensions;
  }

  private requireModel(): { modelId: string; dimensions: number } {
    if (!this.modelId || !this.dimensions) throw new Error('bindEmbeddingModel() must be called before using the vector store');
    return { modelId: this.modelId, dimensions: this.dimensions };
  }

  findDocumentBySource(source: string): Promise<StoredDocument | undefined> {
    return documents.findDocumentBySource(this.db, source);
  }

  getDocument(id: string): Promise<StoredDocument | undefined> {
    return documents.getDocument(this.db, id);
  }

  listDocuments(collections?: readonly string[]): Promise<StoredDocument[]> {
    return documents.listDocuments(this.db, collections);
  }

  documentLanguages(collections?: readonly string[]): Promise<LanguageCount[]> {
    return documents.documentLanguages(this.db, collections);
  }

  findDocumentsBySources(sources: readonly string[]): Promise<Map<string, StoredDocument>> {
    return documents.findDocumentsBySources(this.db, sources);
  }

  async replaceDocument(document: DocumentToStore, chunks: EmbeddedChunk[], textConfig: TextSearchConfig): Promise<ReplaceOutcome> {
    return (await this.replaceDocuments([{ document, chunks, textConfig }]))[0]!;
  }

  async replaceDocuments(entries: readonly DocumentReplacement[]): Promise<ReplaceOutcome[]> {
    const model = this.requireModel();
    return documents.replaceDocuments(this.db, entries, model);
  }

  deleteDocument(idOrSource: string): Promise<StoredDocument | undefined> {
    return documents.deleteDocument(this.db, idOrSource);
  }

  countChunks(): Promise<number> {
    return countChunks(this.db);
  }

  prepareBulkLoad(expectedNewChunks: number): Promise<void> {
    return prepareVectorIndexForBulkLoad(this.db, expectedNewChunks);
  }

  async refreshIndex(): Promise<VectorIndexState> {
    const state = await refreshVectorIndex(this.db, {
      indexPolicy: this.indexPolicy,
      hnswMinChunks: this.hnswMinChunks,
      dimensions: () => this.requireModel().dimensions,
    });
    this.corpusSize.set(state.chunks);
    return state;
  }

  /** The ef_search a question is asked with now. */
  async currentEfSearch(): Promise<number> {
    return this.efSearch ?? efSearchForChunks(await this.corpusSize.get(this.db));
  }

  async search(query: VectorQuery): Promise<RetrievedChunk[]> {
    const { dimensions } = this.requireModel();
    return hybridSearch(this.db, query, {
      cast: vectorCast(dimensions),
      efSearch: await this.currentEfSearch(),
      textMatchBudget: this.textMatchBudget,
      commonWords: this.commonWords,
    });
  }
}
