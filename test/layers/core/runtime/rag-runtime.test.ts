import { ConversationRepository, runChatTurn } from '#core/chat-workflow/index.js';
import { loadConfig } from '#core/config/rag-config.js';
import { ProviderError } from '#core/errors.js';
import { runIngestJob } from '#core/ingestion/index.js';
import { PgliteDatabase } from '#core/store/pglite-database.js';
import { openRagRuntime } from '#core/runtime/index.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../../support/fake-openai-server.js';

describe('openRagRuntime with the OpenAI providers (against an OpenAI-format server)', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer({ reply: 'Flights must be booked 21 days ahead [1].' });
  });
  afterAll(async () => {
    await server.close();
  });

  test('ingests and answers through the configured adapters, recording the model with the index', async () => {
    // prepare
    const config = loadConfig({
      EMBEDDINGS_PROVIDER: 'openai',
      CHAT_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test-planted-key-123456',
      OPENAI_BASE_URL: server.url,
      EMBEDDING_DIMENSIONS: '64',
    });
    const db = await PgliteDatabase.open();
    const runtime = await openRagRuntime(config, { db });
    try {
      // act
      const jobId = await runtime.jobs.create('test', [{ source: 'travel.md' }]);
      const ingest = await runIngestJob(
        jobId,
        [{ source: 'travel.md', read: async () => new TextEncoder().encode('# Travel\n\nInternational flights must be booked 21 days in advance.') }],
        runtime,
      );
      const response = await runChatTurn(
        { message: 'How early must flights be booked?' },
        { ...runtime, conversations: new ConversationRepository(runtime.db) },
      );

      // assess
      expect(runtime.embedder.id).toBe('openai:text-embedding-3-large@64');
      expect(ingest.status).toBe('succeeded');
      expect(response).toMatchObject({ intent: 'question', answerMode: 'generated', answer: 'Flights must be booked 21 days ahead [1].' });
      expect(response.citations[0]).toMatchObject({ n: 1, source: 'travel.md' });
      expect(response.usage.llmInputTokens).toBeGreaterThan(0);
      const embeddingCalls = server.requests.filter((r) => r.path === '/v1/embeddings');
      expect(embeddingCalls[0]!.json()).toMatchObject({ model: 'text-embedding-3-large', dimensions: 64 });
      expect(embeddingCalls[0]!.headers.authorization).toBe('Bearer sk-test-planted-key-123456');
      const chatCall = server.requests
        .filter((r) => r.path === '/v1/chat/completions')
        .at(-1)!
        .json();
      expect(JSON.stringify(chatCall.messages)).toContain('International flights must be booked 21 days in advance.');
      const settings = await db.query<{ value: { modelId: string } }>("SELECT value FROM index_settings WHERE key = 'embedding_model'");
      expect(settings[0]!.value.modelId).toBe('openai:text-embedding-3-large@64');
    } finally {
      await runtime.close();
      await db.close();
    }
  });

  test('a missing API key is a clear error at start-up', async () => {
    const config = loadConfig({ EMBEDDINGS_PROVIDER: 'openai' });
    const db = await PgliteDatabase.open();
    try {
      await expect(openRagRuntime(config, { db })).rejects.toThrow(ProviderError);
      await expect(openRagRuntime(config, { db })).rejects.toThrow(/OPENAI_API_KEY/);
    } finally {
      await db.close();
    }
  });
});
