import { ConversationRepository } from '#core/chat-workflow/conversation-repository.js';
import { type ChatDependencies, improveStep, retrieveStep } from '#core/chat-workflow/chat-steps.js';
import { initialChatState } from '#core/chat-workflow/run-chat-turn.js';
import { OpenAiChatModel } from '#core/chat-models/openai-chat-model.js';
import { type IngestItem, runIngestJob } from '#core/ingestion/index.js';
import { fuseRankedLists, retrieve } from '#core/retrieval/retrieve.js';
import type { RetrievedChunk } from '#core/store/retrieved-chunk.js';
import { openAiChatResponse, startFakeOpenAiServer } from '../../../support/fake-openai-server.js';
import { openTestStore } from '../../../support/test-store.js';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

const doc = (source: string, text: string): IngestItem => ({ source, read: async () => new TextEncoder().encode(text) });

// English passages only; the Spanish questions below share no word with them but names.
const PASSAGES: [string, string][] = [
  ['birds.md', '# Swallows\n\nSwallows fly south every autumn. In spring they return to the same barns and build their nests of mud under the roof.'],
  [
    'river.md',
    '# The river\n\nThe river floods the valley every year after the snow melts in the mountains, and the farmers move their cattle to higher fields.',
  ],
  ['bridge.md', '# The old bridge\n\nThe old bridge was built of stone in the twelfth century and still carries traffic across the gorge.'],
  ['bakery.md', '# The bakery\n\nThe bakery opens at dawn. Its bread is baked in a wood oven and sold before noon to the whole village.'],
  ['physics.md', '# Isaac Newton\n\nIsaac Newton was born in Woolsthorpe in 1643. He described gravity and the laws of motion.'],
];

describe('Spanish questions over English documents', () => {
  let t: TestStore;
  let deps: ChatDependencies;

  beforeAll(async () => {
    t = await openTestStore();
    const jobId = await t.jobs.create(
      'test',
      PASSAGES.map(([source]) => ({ source })),
    );
    await runIngestJob(
      jobId,
      PASSAGES.map(([source, text]) => doc(source, text)),
      t,
    );
    deps = { store: t.store, embedder: t.embedder, conversations: new ConversationRepository(t.db), topK: 3 };
  });
  afterAll(async () => {
    await t.close();
  });

  test('the store reports the languages of its documents', async () => {
    expect(await t.store.documentLanguages()).toEqual([{ language: 'en', documents: PASSAGES.length }]);
  });

  test.each([
    ['¿Cuándo vuelven las golondrinas a construir sus nidos?', 'birds.md'],
    ['¿De qué material se construyó el puente viejo?', 'bridge.md'],
    ['¿Cuándo se inunda el valle?', 'river.md'],
  ])('offline: %j finds the English passage through its translation', async (question, gold) => {
    // prepare
    const improved = await improveStep(initialChatState({ message: question }), deps);

    // act
    const retrieved = await retrieveStep(improved, deps);
    const untranslated = await retrieve(question, deps, { k: 3 });

    // assess
    expect(improved.improve?.language).toBe('es');
    expect(improved.improve?.alternateQueries).toHaveLength(1);
    expect(retrieved.retrieve?.chunks[0]?.source).toBe(gold);
    // Without the translation the same question misses: the passage shares no word with it.
    expect(untranslated.chunks[0]?.source).not.toBe(gold);
  });

  test('an English question over English documents is searched as it is', async () => {
    const improved = await improveStep(initialChatState({ message: 'Where was Isaac Newton born?' }), deps);
    expect(improved.improve?.alternateQueries).toBeUndefined();
  });

  test("with an OpenAI-format model, the improve prompt names the documents' languages and both queries are searched", async () => {
    // prepare: the model answers the improve call with the query and its English form.
    const question = '¿Cuándo vuelven las golondrinas a construir sus nidos?';
    const english = 'When do swallows return to build their nests?';
    const server = await startFakeOpenAiServer({
      handler: (request) =>
        request.path.endsWith('/chat/completions')
          ? openAiChatResponse(JSON.stringify({ intent: 'question', language: 'es', standalone_query: question, alternate_queries: [english] }))
          : undefined,
    });
    const calls: string[][] = [];
    const embedder = {
      ...t.embedder,
      id: t.embedder.id,
      dimensions: t.embedder.dimensions,
      embed: (texts: string[], purpose: 'query' | 'document') => {
        calls.push(texts);
        return t.embedder.embed(texts, purpose);
      },
    };
    try {
      const chatModel = new OpenAiChatModel({ apiKey: 'sk-test', baseURL: server.url, maxAttempts: 1 });
      const llmDeps: ChatDependencies = { ...deps, embedder, chatModel };

      // act
      const improved = await improveStep(initialChatState({ message: question }), llmDeps);
      const retrieved = await retrieveStep(improved, llmDeps);

      // assess: the prompt asks for the English form, the answer's alternate is searched with the query.
      const sent = server.requests.find((request) => request.path.endsWith('/chat/completions'))!.json<{ messages: { role: string; content: string }[] }>();
      const system = sent.messages.find((message) => message.role === 'system')!.content;
      expect(system).toContain('The user\'s documents are written in: English ("en").');
      expect(system).toContain('"alternate_queries"');
      expect(sent.messages.find((message) => message.role === 'user')!.content).toContain(`<message>${question}</message>`);
      expect(improved.improve).toMatchObject({ source: 'llm', query: question, alternateQueries: [english] });
      expect(calls).toEqual([[question, english]]);
      expect(retrieved.retrieve?.chunks[0]?.source).toBe('birds.md');
    } finally {
      await server.close();
    }
  });

  test('alternate queries are embedded in one call with the query; repeats and blanks are dropped', async () => {
    // prepare
    const calls: string[][] = [];
    const embedder = {
      ...t.embedder,
      id: t.embedder.id,
      dimensions: t.embedder.dimensions,
      embed: (texts: string[], purpose: 'query' | 'document') => {
        calls.push(texts);
        return t.embedder.embed(texts, purpose);
      },
    };

    // act
    const result = await retrieve(
      '¿Dónde nació Newton?',
      { store: t.store, embedder },
      { k: 2, alternateQueries: ['born Newton', '¿Dónde nació Newton?', ' '] },
    );

    // assess
    expect(calls).toEqual([['¿Dónde nació Newton?', 'born Newton']]);
    expect(result.chunks.map((chunk) => chunk.source)[0]).toBe('physics.md');
    expect(result.chunks).toHaveLength(2);
  });
});

const chunk = (id: string, score = 0.5, vectorScore = 0.1, textScore = 0): RetrievedChunk => ({
  chunkId: id,
  documentId: `doc-${id}`,
  source: `${id}.md`,
  title: id,
  headingPath: [],
  text: id,
  score,
  vectorScore,
  textScore,
});

describe('fuseRankedLists', () => {
  test.each([
    ['one list keeps its order', [['a', 'b', 'c']], ['a', 'b', 'c']],
    [
      'a chunk in both lists beats one ranked first in only one',
      [
        ['a', 'b', 'c'],
        ['d', 'b', 'e'],
      ],
      ['b', 'a', 'd', 'c', 'e'],
    ],
    ['equal scores keep first-seen order', [['a'], ['b']], ['a', 'b']],
    ['empty lists', [[], []], []],
  ])('%s', (_case, lists, expected) => {
    expect(fuseRankedLists(lists.map((list) => list.map((id) => chunk(id)))).map((c) => c.chunkId)).toEqual(expected);
  });

  test('a chunk keeps its best scores across the lists', () => {
    // act
    const [fused] = fuseRankedLists([[chunk('a', 0.3, 0.2, 0)], [chunk('a', 0.9, 0.1, 0.4)]]);

    // assess
    expect(fused).toMatchObject({ chunkId: 'a', score: 0.9, vectorScore: 0.2, textScore: 0.4 });
  });
});
