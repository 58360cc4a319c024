import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { PGVectorStore } from '@langchain/community/vectorstores/pgvector';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import pg from 'pg';
import type { EmbeddingProvider } from '#core/embeddings/embedding-provider.js';
import { LocalHashingEmbeddingProvider } from '#core/embeddings/local-hashing-embedding-provider.js';
import { decodeText } from '#core/parsing/text-decoding.js';
import type { CorpusFile } from '../corpora.js';
import type { IngestRun } from './ingest-run.js';

/** This project's embedder behind LangChain's `Embeddings` interface, so both pipelines embed alike. */
export class ProviderEmbeddings extends Embeddings {
  constructor(private readonly provider: EmbeddingProvider) {
    super({});
  }

  override async embedDocuments(documents: string[]): Promise<number[][]> {
    return (await this.provider.embed(documents, 'document')).vectors;
  }

  override async embedQuery(document: string): Promise<number[]> {
    return (await this.provider.embed([document], 'query')).vectors[0]!;
  }
}

export interface LangChainStore {
  store: PGVectorStore;
  embedder: EmbeddingProvider;
  close(): Promise<void>;
}

/**
 * LangChain's PGVectorStore on an embedded PGlite (same engine and pgvector build as the
 * product), reached over the Postgres wire protocol through pglite-socket on 127.0.0.1 with
 * one connection, since PGVectorStore speaks `pg`.
 */
export async function openLangChainStore(dataDir?: string): Promise<LangChainStore> {
  if (dataDir) await mkdir(path.join(dataDir, 'pgdata'), { recursive: true });
  const pglite = await PGlite.create({ dataDir: dataDir ? path.join(dataDir, 'pgdata') : undefined, extensions: { vector } });
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const pool = new pg.Pool({ connectionString: `postgresql://postgres@${server.getServerConn()}/postgres`, max: 1 });
  const embedder = new LocalHashingEmbeddingProvider();
  // `PGVectorStore.initialize` checks out a client and keeps it, which would starve a one-connection
  // pool; creating the table through the constructed store is the same DDL without that hold.
  const store = new PGVectorStore(new ProviderEmbeddings(embedder), { pool, tableName: 'langchain_pg_embedding', distanceStrategy: 'cosine' });
  await store.ensureTableInDatabase(embedder.dimensions);
  return {
    store,
    embedder,
    close: async () => {
      await pool.end();
      await server.stop();
      await pglite.close();
    },
  };
}

/** Splits texts with `RecursiveCharacterTextSplitter` defaults (1,000 characters, 200 overlap). */
export async function splitWithLangChain(texts: readonly { source: string; text: string }[]): Promise<Document[]> {
  const splitter = new RecursiveCharacterTextSplitter();
  return splitter.createDocuments(
    texts.map((item) => item.text),
    texts.map((item) => ({ source: item.source })),
  );
}

/**
 * The LangChain pipeline as its documentation lays it out: load the files, split them, and
 * `addDocuments` (embed, then multi-row INSERTs of 500). Once the table holds `hnswMinChunks`
 * chunks it also builds the HNSW index, as the product does, so both end with indexed chunks.
 */
export async function ingestWithLangChain(
  langchain: LangChainStore,
  files: readonly CorpusFile[],
  options: { hnswMinChunks?: number } = {},
): Promise<IngestRun> {
  const started = performance.now();
  const texts: { source: string; text: string }[] = [];
  for (const file of files) texts.push({ source: file.source, text: decodeText(file.source, new Uint8Array(await readFile(file.path))).text });
  const documents = await splitWithLangChain(texts);
  await langchain.store.addDocuments(documents);
  const hnsw = documents.length >= (options.hnswMinChunks ?? 5000);
  if (hnsw) await langchain.store.createHnswIndex({ dimensions: langchain.embedder.dimensions });
  return { documents: files.length, chunks: documents.length, failed: 0, seconds: (performance.now() - started) / 1000, hnsw };
}

export { Document, pg };
