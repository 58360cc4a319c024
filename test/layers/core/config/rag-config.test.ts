import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '#core/config/rag-config.js';
import { ConfigError } from '#core/errors.js';

describe('loadConfig', () => {
  test('defaults give the offline local stack', () => {
    // act
    const config = loadConfig({});

    // assess
    expect(config).toMatchObject({
      dataDir: path.resolve('./.rag'),
      host: '127.0.0.1',
      port: 3000,
      sftpPort: 2222,
      loadSample: true,
      embeddings: { provider: 'local', openAiModel: 'text-embedding-3-large', bedrockModelId: 'amazon.titan-embed-text-v2:0' },
      chat: { provider: 'local' },
      chunking: { maxTokens: 350, overlapTokens: 50 },
      retrieval: { topK: 3, indexPolicy: 'auto', hnswMinChunks: 5000 },
    });
    expect(config.apiToken).toBeUndefined();
    expect(config.database.url).toBeUndefined();
  });

  test.each([
    [{ RAG_SAMPLE: '0' }, { loadSample: false }],
    [{ RAG_SAMPLE: 'false' }, { loadSample: false }],
    [{ RAG_SAMPLE: '1' }, { loadSample: true }],
    [
      { PORT: '0', SFTP_PORT: '0' },
      { port: 0, sftpPort: 0 },
    ],
    [{ EMBEDDINGS_PROVIDER: 'openai', EMBEDDING_DIMENSIONS: '1024' }, { embeddings: expect.objectContaining({ provider: 'openai', dimensions: 1024 }) }],
    [{ RAG_TOP_K: '5', RAG_VECTOR_INDEX: 'hnsw' }, { retrieval: expect.objectContaining({ topK: 5, indexPolicy: 'hnsw' }) }],
    [{ DATABASE_URL: 'postgres://u:p@db:5432/rag' }, { database: expect.objectContaining({ url: 'postgres://u:p@db:5432/rag' }) }],
    [{ RAG_API_TOKEN: '' }, {}],
    [{ RAG_INGEST_WORKERS: '0' }, { ingest: expect.objectContaining({ workers: 0 }) }],
    [{ RAG_INGEST_WORKERS: '3' }, { ingest: expect.objectContaining({ workers: 3 }) }],
    [{ RAG_INGEST_WORKERS: 'auto' }, { ingest: expect.objectContaining({ workers: Math.min(4, os.availableParallelism() - 1) }) }],
  ])('reads %j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  test.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ EMBEDDINGS_PROVIDER: 'cohere' }, /EMBEDDINGS_PROVIDER/],
    [{ RAG_TOP_K: '0' }, /RAG_TOP_K/],
    [{ RAG_INGEST_WORKERS: 'many' }, /RAG_INGEST_WORKERS/],
    [{ OPENAI_BASE_URL: 'not a url' }, /OPENAI_BASE_URL/],
    [{ RAG_CHUNK_TOKENS: '100', RAG_CHUNK_OVERLAP_TOKENS: '60' }, /RAG_CHUNK_OVERLAP_TOKENS/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('reports every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', RAG_TOP_K: '-1' })).toThrow(/PORT.*RAG_TOP_K|RAG_TOP_K.*PORT/);
  });
});
