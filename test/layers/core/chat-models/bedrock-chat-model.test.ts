import { BEDROCK_JSON_INSTRUCTION, BedrockChatModel, type BedrockChatOptions } from '#core/chat-models/bedrock-chat-model.js';
import type { ChatStreamEvent } from '#core/chat-models/chat-model.js';
import { ProviderError } from '#core/errors.js';
import {
  bedrockClientOptions,
  bedrockConverseResponse,
  bedrockConverseStreamResponse,
  bedrockErrorResponse,
  bedrockEventStreamResponse,
  encodeEventStream,
  FAKE_AWS_CREDENTIALS,
  startFakeBedrockServer,
} from '../../../support/fake-bedrock-server.js';
import type { FakeHandler, FakeServer } from '../../../support/fake-http-server.js';

const MODEL_ID = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const FAST_RETRIES = { baseDelayMs: 1, maxDelayMs: 5 };

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startServer(handler?: FakeHandler): Promise<FakeServer> {
  server = await startFakeBedrockServer(handler ? { handler } : {});
  return server;
}

function chatModel(fake: FakeServer, options: Partial<BedrockChatOptions> = {}): BedrockChatModel {
  return new BedrockChatModel({ ...bedrockClientOptions(fake), retry: FAST_RETRIES, ...options });
}

async function collect(events: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const collected: ChatStreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

const QUESTION = [
  { role: 'system' as const, content: 'Answer from the context only.' },
  { role: 'user' as const, content: '¿Cuál es el horario de la biblioteca?' },
];

describe('BedrockChatModel', () => {
  test('id names the provider and model', () => {
    expect(new BedrockChatModel({ region: 'us-east-1' }).id).toBe(`bedrock:${MODEL_ID}`);
    expect(new BedrockChatModel({ region: 'us-east-1', modelId: 'amazon.nova-lite-v1:0' }).id).toBe('bedrock:amazon.nova-lite-v1:0');
  });

  test('complete calls Converse with the system prompt apart, and returns text and usage', async () => {
    // prepare
    const fake = await startServer(() => bedrockConverseResponse('De 9 a 21 h.', { inputTokens: 40, outputTokens: 9 }));

    // act
    const completion = await chatModel(fake).complete({ messages: QUESTION, temperature: 0.1, maxTokens: 500 });

    // assess
    expect(completion).toEqual({ text: 'De 9 a 21 h.', usage: { inputTokens: 40, outputTokens: 9 } });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
    expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKE/);
    expect(request?.json()).toEqual({
      messages: [{ role: 'user', content: [{ text: '¿Cuál es el horario de la biblioteca?' }] }],
      system: [{ text: 'Answer from the context only.' }],
      inferenceConfig: { maxTokens: 500, temperature: 0.1 },
    });
  });

  test('merges consecutive messages of one role, as Converse requires alternating turns', async () => {
    const fake = await startServer();

    await chatModel(fake).complete({
      messages: [
        { role: 'user', content: 'Context: …' },
        { role: 'user', content: 'Question?' },
        { role: 'assistant', content: 'Answer.' },
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Follow-up?' },
      ],
    });

    expect(fake.requests[0]?.json()).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'Context: …' }, { text: 'Question?' }] },
        { role: 'assistant', content: [{ text: 'Answer.' }] },
        { role: 'user', content: [{ text: 'Follow-up?' }] },
      ],
      system: [{ text: 'Be brief.' }],
    });
  });

  test('json mode adds the JSON instruction and strips a code fence from the answer', async () => {
    const fake = await startServer(() => bedrockConverseResponse('```json\n{"answer": 42}\n```'));

    const completion = await chatModel(fake).complete({ messages: QUESTION, json: true });

    expect(completion.text).toBe('{"answer": 42}');
    expect(fake.requests[0]?.json().system).toEqual([{ text: 'Answer from the context only.' }, { text: BEDROCK_JSON_INSTRUCTION }]);
  });

  test('stream calls ConverseStream and yields the deltas, then usage', async () => {
    // prepare
    const fake = await startServer(() => bedrockConverseStreamResponse(['La biblioteca ', 'abre ', 'a las 9.'], { inputTokens: 33, outputTokens: 7 }));

    // act
    const events = await collect(chatModel(fake).stream({ messages: QUESTION }));

    // assess
    expect(events).toEqual([
      { type: 'delta', text: 'La biblioteca ' },
      { type: 'delta', text: 'abre ' },
      { type: 'delta', text: 'a las 9.' },
      { type: 'done', usage: { inputTokens: 33, outputTokens: 7 } },
    ]);
    expect(fake.requests[0]?.path).toBe('/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream');
    expect(fake.requests[0]?.json()).toMatchObject({ system: [{ text: 'Answer from the context only.' }] });
  });

  test('stream estimates usage when no metadata event arrives', async () => {
    const fake = await startServer(() =>
      bedrockEventStreamResponse([
        { type: 'messageStart', payload: { role: 'assistant' } },
        { type: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: 'Hola' } } },
        { type: 'messageStop', payload: { stopReason: 'end_turn' } },
      ]),
    );

    const events = await collect(chatModel(fake).stream({ messages: QUESTION }));

    const done = events.at(-1);
    expect(done?.type).toBe('done');
    expect(done?.type === 'done' && done.usage.inputTokens).toBeGreaterThan(10);
  });

  test('an exception inside the stream becomes a ProviderError', async () => {
    const fake = await startServer(() =>
      bedrockEventStreamResponse([
        { type: 'messageStart', payload: { role: 'assistant' } },
        { type: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: 'Par' } } },
        { type: 'modelStreamErrorException', payload: { message: 'The model failed mid-stream' }, messageType: 'exception' },
      ]),
    );
    const received: ChatStreamEvent[] = [];

    const error = await (async () => {
      for await (const event of chatModel(fake).stream({ messages: QUESTION })) received.push(event);
    })().catch((e: unknown) => e);

    expect(received).toEqual([{ type: 'delta', text: 'Par' }]);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/failed mid-stream/);
  });

  test('complete retries throttling, then succeeds', async () => {
    const fake = await startServer((_request, { index }) =>
      index < 2 ? bedrockErrorResponse(429, 'ThrottlingException', 'Too many requests') : bedrockConverseResponse('ok'),
    );

    const completion = await chatModel(fake).complete({ messages: QUESTION });

    expect(completion.text).toBe('ok');
    expect(fake.requests).toHaveLength(3);
  });

  test('stream retries throttling before the reply starts', async () => {
    const fake = await startServer((_request, { index }) =>
      index === 0 ? bedrockErrorResponse(429, 'ThrottlingException', 'Too many requests') : bedrockConverseStreamResponse(['ok']),
    );

    const events = await collect(chatModel(fake).stream({ messages: QUESTION }));

    expect(events[0]).toEqual({ type: 'delta', text: 'ok' });
    expect(fake.requests).toHaveLength(2);
  });

  test.each([
    [429, 'ThrottlingException', 'provider_rate_limited'],
    [403, 'AccessDeniedException', 'provider_auth'],
    [400, 'ValidationException', 'provider_bad_request'],
    [503, 'ServiceUnavailableException', 'provider_unavailable'],
  ])('HTTP %i %s → %s', async (status, errorType, code) => {
    const fake = await startServer(() => bedrockErrorResponse(status, errorType, `${errorType} happened`));

    const errors = [
      await chatModel(fake, { maxAttempts: 2 })
        .complete({ messages: QUESTION })
        .catch((e: unknown) => e),
      await collect(chatModel(fake, { maxAttempts: 2 }).stream({ messages: QUESTION })).catch((e: unknown) => e),
    ];

    for (const error of errors) expect(error).toMatchObject({ code, provider: 'bedrock' });
  });

  test('a silent endpoint times out', async () => {
    const fake = await startServer(() => ({ hang: true }));

    const error = await chatModel(fake, { timeoutMs: 100, maxAttempts: 1 })
      .complete({ messages: QUESTION })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_timeout' });
  });

  test('a stream that goes silent times out', async () => {
    const fake = await startServer((_request, { res }) => {
      const [start, delta] = encodeEventStream([
        { type: 'messageStart', payload: { role: 'assistant' } },
        { type: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: 'Hola' } } },
      ]);
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      res.write(start as Uint8Array);
      res.write(delta as Uint8Array);
      // ... and nothing more.
    });
    const received: ChatStreamEvent[] = [];

    const error = await (async () => {
      for await (const event of chatModel(fake, { timeoutMs: 150 }).stream({ messages: QUESTION })) received.push(event);
    })().catch((e: unknown) => e);

    expect(received).toEqual([{ type: 'delta', text: 'Hola' }]);
    expect(error).toMatchObject({ code: 'provider_timeout' });
  });

  test('a reply without a message is a bad_response error', async () => {
    const fake = await startServer(() => ({ body: { stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 0, totalTokens: 1 } } }));

    const error = await chatModel(fake)
      .complete({ messages: QUESTION })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_bad_response' });
  });

  test("the caller's abort surfaces as the abort reason", async () => {
    const fake = await startServer(() => ({ hang: true }));
    const controller = new AbortController();
    const reason = new Error('client went away');

    const pending = chatModel(fake).complete({ messages: QUESTION, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(reason);

    await expect(pending).rejects.toBe(reason);
  });

  test('never reveals the AWS secret key', async () => {
    const fake = await startServer(() =>
      bedrockErrorResponse(403, 'UnrecognizedClientException', `The security token ${FAKE_AWS_CREDENTIALS.secretAccessKey} is invalid.`),
    );

    const error = await chatModel(fake)
      .complete({ messages: QUESTION })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_auth' });
    expect((error as Error).message).not.toContain(FAKE_AWS_CREDENTIALS.secretAccessKey);
    expect(JSON.stringify(error)).not.toContain(FAKE_AWS_CREDENTIALS.secretAccessKey);
  });
});
