import path from 'node:path';
import { loadConfig } from '#core/config/rag-config.js';
import { indexSignature } from '#core/store/hnsw-index.js';
import { PgliteDatabase } from '#core/store/pglite-database.js';
import { startLocalStack } from '#local/local-stack.js';
import { chat } from '../../support/local-stack-harness.js';
import { makeTempDir } from '../../support/temp-dir.js';

async function indexComment(dataDir: string): Promise<{ definition: string; signature: string | null } | undefined> {
  const db = await PgliteDatabase.open({ dataDir: path.join(dataDir, 'pgdata') });
  try {
    const rows = await db.query<{ definition: string; signature: string | null }>(
      `SELECT pg_get_indexdef(c.oid) AS definition, obj_description(c.oid, 'pg_class') AS signature
       FROM pg_class c WHERE c.relname = 'chunks_embedding_hnsw'`,
    );
    return rows[0];
  } finally {
    await db.close();
  }
}

describe('local stack start with a vector index from an older release', () => {
  test('rebuilds the index with the current settings before the first question', async () => {
    // prepare: a data folder indexed with the HNSW index, then given the half-precision index an
    // older release built (and signed) for 512-d vectors
    const temp = await makeTempDir('rag-index-upgrade-');
    const config = loadConfig({ RAG_DATA_DIR: temp.dir, PORT: '0', SFTP_PORT: '0', RAG_SAMPLE: '1', RAG_VECTOR_INDEX: 'hnsw' });
    try {
      const first = await startLocalStack(config, { log: () => {}, batchingWindowMs: 50 });
      await first.drained();
      await first.close();
      const db = await PgliteDatabase.open({ dataDir: path.join(temp.dir, 'pgdata') });
      const [{ dimensions }] = (await db.query<{ dimensions: number }>('SELECT vector_dims(embedding) AS dimensions FROM chunks LIMIT 1')) as [
        { dimensions: number },
      ];
      await db.query('DROP INDEX chunks_embedding_hnsw');
      await db.query(`CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw ((embedding::halfvec(${dimensions})) halfvec_ip_ops)`);
      await db.query(`COMMENT ON INDEX chunks_embedding_hnsw IS 'halfvec(${dimensions}) m=16 ef_construction=64'`);
      await db.close();
      const logged: string[] = [];

      // act
      const second = await startLocalStack(config, { log: (line) => logged.push(line), batchingWindowMs: 50 });
      const answer = await chat(second.httpUrl, 'How do I upload documents?');
      await second.close();
      const index = await indexComment(temp.dir);

      // assess
      expect(logged).toEqual(expect.arrayContaining([expect.stringMatching(/^Built the vector index over \d+ chunk\(s\)\.$/)]));
      expect(index?.signature).toBe(indexSignature(dimensions));
      expect(index?.definition).toContain(`::vector(${dimensions})`);
      expect(answer.body.citations[0].source).toBe('samples/getting-started.md');
    } finally {
      await temp.cleanup();
    }
  }, 180_000);
});
