import { chat, startTestStack, uploadFiles, waitForJob } from '../../../support/local-stack-harness.js';

const VIOLIN = `# Violin

The violin is a wooden string instrument.

## Construction

A violin has four strings, usually tuned in perfect fifths. A person who makes or repairs violins is called a luthier.`;

describe('POST /api/chat on a fresh install: greetings before questions, praise, questions about the assistant', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  beforeAll(async () => {
    t = await startTestStack({ RAG_SAMPLE: '1' });
    await t.stack.drained();
    const upload = await uploadFiles(t.url, [{ name: 'violin.md', content: VIOLIN }]);
    await waitForJob(t.url, ((await upload.json()) as { jobId: string }).jobId, {}, 120_000);
    // Starting a stack, indexing the samples and an upload outlast the default hook timeout on a busy machine.
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  test('a greeting and a quick-question opener before the question: the question is answered', async () => {
    // act
    const plain = await chat(t.url, 'How many strings does a violin have?');
    const greeted = await chat(t.url, 'Hi! Quick question: how many strings does a violin have?');

    // assess
    expect(greeted.status).toBe(200);
    expect(greeted.body).toMatchObject({ intent: 'question', answerMode: 'extractive' });
    expect(greeted.body.notFound).toBeUndefined();
    expect(greeted.body.citations[0].source).toBe('api-uploads/violin.md');
    expect(greeted.body.answer).toMatch(/four strings/);
    expect(greeted.body.answer).toBe(plain.body.answer);
  });

  test('"thanks, that was helpful" is small talk and spends no embedding tokens', async () => {
    // act
    const reply = await chat(t.url, 'thanks, that was helpful');

    // assess
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      intent: 'smalltalk',
      language: 'en',
      answerMode: 'direct',
      citations: [],
      usage: { embeddingTokens: 0, llmInputTokens: 0, llmOutputTokens: 0 },
    });
  });

  test('"¿Qué formatos admite?" is answered from the Spanish sample guide with a citation', async () => {
    // act
    const reply = await chat(t.url, '¿Qué formatos admite?');

    // assess
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ intent: 'question', language: 'es', answerMode: 'extractive' });
    expect(reply.body.citations[0]).toMatchObject({ n: 1, source: 'samples/guia-de-inicio.md' });
    expect(reply.body.answer).toMatch(/PDF/);
    expect(reply.body.answer).toMatch(/\[1\]/);
  });
});
