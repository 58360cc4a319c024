import OpenAI from 'openai';
import { startTestStack } from '../../../support/local-stack-harness.js';

describe('OpenAI-compatible endpoint, driven by the official openai client', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  let client: OpenAI;

  beforeAll(async () => {
    t = await startTestStack({ RAG_SAMPLE: '1', RAG_API_TOKEN: 'sk-local-token' });
    await t.stack.drained();
    client = new OpenAI({ apiKey: 'sk-local-token', baseURL: `${t.url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await t.close();
  });

  test('lists the model and answers a completion with citations in the content and in `citations`', async () => {
    // act
    const models = await client.models.list();
    const completion = await client.chat.completions.create({ model: 'rag', messages: [{ role: 'user', content: 'How do I upload documents?' }] });

    // assess
    expect(models.data.map((m) => m.id)).toEqual(['rag']);
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    const content = completion.choices[0]!.message.content!;
    expect(content).toMatch(/\[1\]/);
    expect(content).toContain('Sources:\n[1] Getting started with the document assistant');
    const citations = (completion as unknown as { citations: { n: number; source: string }[] }).citations;
    expect(citations[0]).toMatchObject({ n: 1, source: 'samples/getting-started.md' });
  });

  test('streams chat.completion.chunk events that add up to the answer', async () => {
    // act
    const stream = await client.chat.completions.create({ model: 'rag', stream: true, messages: [{ role: 'user', content: '¿Cómo subo documentos?' }] });
    let text = '';
    let finish: string | null = null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }

    // assess
    expect(chunks).toBeGreaterThan(2);
    expect(finish).toBe('stop');
    expect(text).toMatch(/\[1\]/);
    expect(text).toContain('Fuentes:');
  });

  test('earlier messages in the request are the history of a follow-up', async () => {
    // act
    const completion = await client.chat.completions.create({
      model: 'rag',
      messages: [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: 'Where are my documents stored on AWS?' },
        { role: 'assistant', content: 'In an encrypted S3 bucket [1].' },
        { role: 'user', content: 'and who can ask questions?' },
      ],
    });

    // assess
    const citations = (completion as unknown as { citations: { source: string }[] }).citations;
    expect(citations[0]!.source).toBe('samples/security-and-privacy.md');
  });

  test('a greeting streams a direct reply without sources', async () => {
    const stream = await client.chat.completions.create({ model: 'rag', stream: true, messages: [{ role: 'user', content: 'hello!' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain('Sources:');
  });

  test('a wrong key is refused with 401, and a request without a user message with 400', async () => {
    const stranger = new OpenAI({ apiKey: 'sk-wrong', baseURL: `${t.url}/v1`, maxRetries: 0 });
    await expect(stranger.chat.completions.create({ model: 'rag', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401 });
    await expect(client.chat.completions.create({ model: 'rag', messages: [{ role: 'assistant', content: 'hi' }] })).rejects.toMatchObject({ status: 400 });
  });
});
