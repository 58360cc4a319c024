import { readFile } from 'node:fs/promises';
import { metaFallbackReply } from '#core/chat/meta-question.js';
import type { ChatResponse } from '#core/chat-workflow/chat-state.js';
import type { ChatDependencies } from '#core/chat-workflow/chat-steps.js';
import { ConversationRepository } from '#core/chat-workflow/conversation-repository.js';
import { runChatTurn } from '#core/chat-workflow/run-chat-turn.js';
import { type IngestItem, runIngestJob } from '#core/ingestion/index.js';
import { openTestStore } from '../../../support/test-store.js';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

const PIANO_EN = `# Piano

The piano is a keyboard instrument that produces sound when its keys are pressed, moving hammers that strike strings.

## History

The piano was invented by Bartolomeo Cristofori in Florence, Italy. Cristofori built the first pianos around 1700, while he was employed by Ferdinando de' Medici. In 1863 Henri Fourneaux invented the player piano, which plays itself from a piano roll.`;

const VIOLIN_EN = `# Violin

The violin is a wooden string instrument. Most violins have a hollow wooden body.

## Construction

A violin has four strings, usually tuned in perfect fifths. A person who makes or repairs violins is called a luthier. Early strings were made of sheep gut; modern strings are made of steel or synthetic material.`;

const PIANO_ES = `# Piano

El piano es un instrumento de teclado que suena cuando sus teclas mueven martillos que golpean cuerdas.

## Historia

El piano fue inventado por Bartolomeo Cristofori en Florencia, Italia. Cristofori construyó los primeros pianos hacia 1700, cuando trabajaba para Fernando de Médici. En 1863 Henri Fourneaux inventó la pianola, que toca sola a partir de un rollo perforado.`;

const VIOLIN_ES = `# Violín

El violín es un instrumento de cuerda frotada. La mayoría de los violines tiene una caja de madera hueca.

## Construcción

Un violín tiene cuatro cuerdas afinadas en quintas. La persona que fabrica o repara violines se llama luthier. Las primeras cuerdas eran de tripa de oveja; las modernas son de acero o de material sintético.`;

const SAMPLES = ['getting-started.md', 'guia-de-inicio.md', 'politica-de-privacidad.md', 'security-and-privacy.md'];

async function ingest(t: TestStore, files: [string, string][]) {
  const jobId = await t.jobs.create(
    'test',
    files.map(([source]) => ({ source })),
  );
  const items = files.map(([source, text]): IngestItem => ({ source, read: async () => new TextEncoder().encode(text) }));
  await runIngestJob(jobId, items, t);
}

describe('chat workflow: follow-ups, praise, greetings before questions, questions about the assistant', () => {
  let t: TestStore;
  let deps: ChatDependencies;

  beforeAll(async () => {
    t = await openTestStore();
    const samples = await Promise.all(SAMPLES.map(async (name): Promise<[string, string]> => [`samples/${name}`, await readFile(`samples/${name}`, 'utf8')]));
    await ingest(t, [['wiki/piano.md', PIANO_EN], ['wiki/violin.md', VIOLIN_EN], ['wiki/piano-es.md', PIANO_ES], ['wiki/violin-es.md', VIOLIN_ES], ...samples]);
    deps = { store: t.store, embedder: t.embedder, conversations: new ConversationRepository(t.db) };
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const ask = (message: string, conversationId?: string): Promise<ChatResponse> =>
    runChatTurn(conversationId ? { message, conversationId } : { message }, deps);

  test.each<[string, string, string, string, RegExp]>([
    ['English', 'Who invented the piano?', 'When did he build it?', 'wiki/piano.md', /1700/],
    ['English', 'How many strings does a violin have?', 'Who makes them?', 'wiki/violin.md', /luthier/],
    ['Spanish', '¿Quién inventó el piano?', '¿Cuándo lo construyó?', 'wiki/piano-es.md', /1700/],
    ['Spanish', '¿Cuántas cuerdas tiene un violín?', '¿Quién los fabrica?', 'wiki/violin-es.md', /luthier/],
  ])('%s: %j then %j answers the follow-up, not the first question again', async (_language, first, followUp, source, fact) => {
    // prepare
    const opening = await ask(first);

    // act
    const next = await ask(followUp, opening.conversationId);

    // assess
    expect(next).toMatchObject({ intent: 'question', answerMode: 'extractive' });
    expect(next.notFound).toBeUndefined();
    expect(next.citations[0]!.source).toBe(source);
    expect(next.answer).toMatch(fact);
    expect(next.answer).not.toBe(opening.answer);
  });

  test.each<[string, string]>([
    ['Hi! Quick question: how many strings does a violin have?', 'How many strings does a violin have?'],
    ['Hola, ¿cuántas cuerdas tiene un violín?', '¿Cuántas cuerdas tiene un violín?'],
  ])('%j is answered as the question without its greeting', async (message, question) => {
    // prepare
    const plain = await ask(question);

    // act
    const greeted = await ask(message);

    // assess
    expect(plain.notFound).toBeUndefined();
    expect(greeted).toMatchObject({ intent: 'question', answer: plain.answer });
    expect(greeted.citations.map((c) => c.source)).toEqual(plain.citations.map((c) => c.source));
  });

  test.each<[string, string]>([
    ['thanks, that was helpful', 'en'],
    ['great answer, thank you!', 'en'],
    ['muchas gracias, me sirvió mucho', 'es'],
  ])('%j is small talk, answered without an embedding', async (message, language) => {
    // act
    const response = await ask(message);

    // assess
    expect(response).toMatchObject({ intent: 'smalltalk', language, answerMode: 'direct', citations: [], usage: { embeddingTokens: 0 } });
  });

  test.each<[string, string, RegExp]>([
    ['¿Qué formatos admite?', 'samples/guia-de-inicio.md', /PDF/],
    ['what file types do you support?', 'samples/getting-started.md', /PDF/],
    ['What can this system do?', 'samples/getting-started.md', /answers questions/],
    ['¿Qué puede hacer este asistente?', 'samples/guia-de-inicio.md', /responde preguntas/],
    ['how do I upload?', 'samples/getting-started.md', /Upload/],
    ['¿cómo subo mis documentos?', 'samples/guia-de-inicio.md', /subir/],
  ])('%j is answered from the guide among the documents', async (message, source, fact) => {
    // act
    const response = await ask(message);

    // assess
    expect(response).toMatchObject({ intent: 'question', answerMode: 'extractive' });
    expect(response.citations[0]!.source).toBe(source);
    expect(response.answer).toMatch(fact);
  });

  describe('without a guide among the documents', () => {
    let bare: TestStore;
    beforeAll(async () => {
      bare = await openTestStore();
      await ingest(bare, [['wiki/piano.md', PIANO_EN]]);
    }, 120_000);
    afterAll(async () => {
      await bare.close();
    });

    test.each<[string, 'formats' | 'capabilities', 'es' | 'en']>([
      ['¿Qué formatos admite?', 'formats', 'es'],
      ['What can this system do?', 'capabilities', 'en'],
    ])("%j gets the assistant's own description, not an off-topic reply", async (message, topic, language) => {
      // act
      const response = await runChatTurn({ message }, { store: bare.store, embedder: bare.embedder, conversations: new ConversationRepository(bare.db) });

      // assess
      expect(response).toMatchObject({ intent: 'question', language, answerMode: 'direct', citations: [], answer: metaFallbackReply(topic, language) });
    });
  });
});
