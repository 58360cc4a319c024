import type { ChatStreamEvent } from '#core/chat-models/chat-model.js';
import { OpenAiChatModel, type OpenAiChatOptions } from '#core/chat-models/openai-chat-model.js';
import { ProviderError } from '#core/errors.js';
import type { FakeHandler } from '../../../support/fake-http-server.js';
import {
  openAiChatResponse,
  openAiChatStreamResponse,
  openAiErrorResponse,
  serverSentEvents,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../../../support/fake-openai-server.js';

const API_KEY = 'sk-test-PLANTED-chat-9876543210zyxwvutsrq';
const FAST_RETRIES = { baseDelayMs: 1, maxDelayMs: 5 };

let server: FakeOpenAiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startServer(handler?: FakeHandler): Promise<FakeOpenAiServer> {
  server = await startFakeOpenAiServer(handler ? { handler } : {});
  return server;
}

function chatModel(fake: FakeOpenAiServer, options: Partial<OpenAiChatOptions> = {}): OpenAiChatModel {
  return new OpenAiChatModel({ apiKey: API_KEY, baseURL: fake.url, retry: FAST_RETRIES, ...options });
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

describe('OpenAiChatModel', () => {
  test('id names the provider and model', () => {
    expect(new OpenAiChatModel({ apiKey: API_KEY }).id).toBe('openai:gpt-4o-mini');
    expect(new OpenAiChatModel({ apiKey: API_KEY, model: 'gpt-4.1' }).id).toBe('openai:gpt-4.1');
  });

  test('a missing key fails at construction, naming the variable', () => {
    expect(() => new OpenAiChatModel({ apiKey: undefined })).toThrow(/OPENAI_API_KEY is not set/);
    expect(() => new OpenAiChatModel({ apiKey: undefined, apiKeySource: 'the secret rag/openai' })).toThrow(/the secret rag\/openai is not set/);
  });

  test('complete sends a chat completion and returns text and usage', async () => {
    // prepare
    const fake = await startServer(() => openAiChatResponse('De 9 a 21 h.', { usage: { prompt_tokens: 31, completion_tokens: 6 } }));

    // act
    const completion = await chatModel(fake).complete({ messages: QUESTION, temperature: 0.2, maxTokens: 300 });

    // assess
    expect(completion).toEqual({ text: 'De 9 a 21 h.', usage: { inputTokens: 31, outputTokens: 6 } });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.json()).toEqual({ model: 'gpt-4o-mini', messages: QUESTION, temperature: 0.2, max_tokens: 300 });
  });

  test('can send the reply limit as max_completion_tokens', async () => {
    const fake = await startServer();

    await chatModel(fake, { maxTokensParameter: 'max_completion_tokens' }).complete({ messages: QUESTION, maxTokens: 50 });

    expect(fake.requests[0]?.json()).toMatchObject({ max_completion_tokens: 50 });
    expect(fake.requests[0]?.json()).not.toHaveProperty('max_tokens');
  });

  test('json mode asks for a JSON object and mentions JSON when the prompt does not', async () => {
    const fake = await startServer(() => openAiChatResponse('{"answer": 42}'));

    const completion = await chatModel(fake).complete({ messages: QUESTION, json: true });

    expect(completion.text).toBe('{"answer": 42}');
    const body = fake.requests[0]?.json();
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages).toHaveLength(3);
    expect(body.messages[0]).toEqual({ role: 'system', content: expect.stringMatching(/JSON/) });
  });

  test('json mode leaves a prompt that already mentions JSON as it is', async () => {
    const fake = await startServer();
    const messages = [{ role: 'user' as const, content: 'Return JSON with keys a and b.' }];

    await chatModel(fake).complete({ messages, json: true });

    expect(fake.requests[0]?.json().messages).toEqual(messages);
  });

  test('stream yields the deltas in order, then usage', async () => {
    // prepare
    const fake = await startServer(() =>
      openAiChatStreamResponse(['La biblioteca ', 'abre ', 'a las 9.'], { usage: { prompt_tokens: 40, completion_tokens: 8 } }),
    );

    // act
    const events = await collect(chatModel(fake).stream({ messages: QUESTION }));

    // assess
    expect(events).toEqual([
      { type: 'delta', text: 'La biblioteca ' },
      { type: 'delta', text: 'abre ' },
      { type: 'delta', text: 'a las 9.' },
      { type: 'done', usage: { inputTokens: 40, outputTokens: 8 } },
    ]);
    expect(fake.requests[0]?.json()).toMatchObject({ stream: true, stream_options: { include_usage: true }, messages: QUESTION });
  });

  test('stream estimates usage when the server reports none', async () => {
    const fake = await startServer(() => openAiChatStreamResponse(['Hola ', 'mundo'], { includeUsage: false }));

    const events = await collect(chatModel(fake).stream({ messages: QUESTION }));

    const done = events.at(-1);
    expect(done?.type).toBe('done');
    const usage = done?.type === 'done' ? done.usage : undefined;
    expect(usage?.inputTokens).toBeGreaterThan(10);
    expect(usage?.outputTokens).toBeGreaterThan(0);
  });

  test('complete estimates usage when the server reports none', async () => {
    const fake = await startServer(() => {
      const response = openAiChatResponse('Sí.');
      delete (response.body as { usage?: unknown }).usage;
      return response;
    });

    const completion = await chatModel(fake).complete({ messages: QUESTION });

    expect(completion.usage.inputTokens).toBeGreaterThan(10);
    expect(completion.usage.outputTokens).toBeGreaterThan(0);
  });

  test('complete retries 429 and 5xx', async () => {
    const fake = await startServer((_request, { index }) => {
      if (index === 0) return openAiErrorResponse(429, 'Rate limit', { headers: { 'retry-after-ms': '10' } });
      if (index === 1) return openAiErrorResponse(500, 'Server error', { type: 'server_error' });
      return openAiChatResponse('ok');
    });

    const completion = await chatModel(fake).complete({ messages: QUESTION });

    expect(completion.text).toBe('ok');
    expect(fake.requests).toHaveLength(3);
  });

  test('stream retries until the reply starts', async () => {
    const fake = await startServer((_request, { index }) =>
      index === 0 ? openAiErrorResponse(503, 'Overloaded', { type: 'server_error' }) : openAiChatStreamResponse(['ok']),
    );

    const events = await collect(chatModel(fake).stream({ messages: QUESTION }));

    expect(events[0]).toEqual({ type: 'delta', text: 'ok' });
    expect(fake.requests).toHaveLength(2);
  });

  test('an error event inside the stream becomes a ProviderError', async () => {
    const fake = await startServer(() =>
      serverSentEvents([
        { id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Par' }, finish_reason: null }] },
        { error: { message: 'The server had an error while processing your request.', type: 'server_error' } },
      ]),
    );
    const received: ChatStreamEvent[] = [];

    const error = await (async () => {
      for await (const event of chatModel(fake).stream({ messages: QUESTION })) received.push(event);
    })().catch((e: unknown) => e);

    expect(received).toEqual([{ type: 'delta', text: 'Par' }]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(fake.requests).toHaveLength(1);
  });

  test('a stream that goes silent times out', async () => {
    const fake = await startServer((_request, { res }) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Hola' }, finish_reason: null }] })}\n\n`,
      );
      // ... and nothing more.
    });
    const received: ChatStreamEvent[] = [];

    const error = await (async () => {
      for await (const event of chatModel(fake, { timeoutMs: 100 }).stream({ messages: QUESTION })) received.push(event);
    })().catch((e: unknown) => e);

    expect(received).toEqual([{ type: 'delta', text: 'Hola' }]);
    expect(error).toMatchObject({ code: 'provider_timeout' });
  });

  test('complete times out on a silent server', async () => {
    const fake = await startServer(() => ({ hang: true }));

    const error = await chatModel(fake, { timeoutMs: 100, maxAttempts: 1 })
      .complete({ messages: QUESTION })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_timeout' });
  });

  test("the caller's abort is not retried and surfaces as the abort reason", async () => {
    const fake = await startServer(() => ({ hang: true }));
    const controller = new AbortController();
    const reason = new Error('client went away');

    const pending = chatModel(fake).complete({ messages: QUESTION, signal: controller.signal });
    // Abort once the request is on the server, however slow the machine: a fixed delay raced it.
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(reason);

    await expect(pending).rejects.toBe(reason);
    expect(fake.requests).toHaveLength(1);
  });

  test("the caller's abort during a stream ends it with the abort reason", async () => {
    const fake = await startServer((_request, { res }) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Hola' }, finish_reason: null }] })}\n\n`,
      );
    });
    const controller = new AbortController();
    const reason = new Error('client went away');
    const received: ChatStreamEvent[] = [];

    const error = await (async () => {
      for await (const event of chatModel(fake).stream({ messages: QUESTION, signal: controller.signal })) {
        received.push(event);
        controller.abort(reason);
      }
    })().catch((e: unknown) => e);

    expect(received).toEqual([{ type: 'delta', text: 'Hola' }]);
    expect(error).toBe(reason);
  });

  test('401 is an auth error, not retried', async () => {
    const fake = await startServer(() => openAiErrorResponse(401, `Incorrect API key provided: ${API_KEY}`, { code: 'invalid_api_key' }));

    const error = await chatModel(fake)
      .complete({ messages: QUESTION })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_auth', status: 401 });
    expect((error as Error).message).toMatch(/OPENAI_API_KEY/);
    expect(fake.requests).toHaveLength(1);
  });

  test.each([
    ['no choices', { body: { id: 'x', choices: [] } }],
    ['no content', { body: { id: 'x', choices: [{ index: 0, message: { role: 'assistant' } }] } }],
    ['plain text', { body: 'hello', headers: { 'content-type': 'text/plain' } }],
  ])('a malformed reply (%s) is a bad_response error', async (_name, response) => {
    const fake = await startServer(() => response);

    const error = await chatModel(fake)
      .complete({ messages: QUESTION })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'provider_bad_response' });
  });

  describe('never reveals the API key', () => {
    test.each<[string, FakeHandler, Partial<OpenAiChatOptions>]>([
      ['401', () => openAiErrorResponse(401, `Incorrect API key provided: ${API_KEY}`), {}],
      ['persistent 429', () => openAiErrorResponse(429, `Too many requests for ${API_KEY}`), { maxAttempts: 2 }],
      ['persistent 503', () => openAiErrorResponse(503, `Down for ${API_KEY}`), { maxAttempts: 2 }],
      ['timeout', () => ({ hang: true }), { timeoutMs: 50, maxAttempts: 1 }],
      ['malformed', () => ({ body: { choices: API_KEY } }), {}],
    ])('%s, streamed or not', async (_name, handler, options) => {
      const fake = await startServer(handler);
      const model = chatModel(fake, options);

      const errors = [
        await model.complete({ messages: QUESTION }).catch((e: unknown) => e),
        await collect(model.stream({ messages: QUESTION })).catch((e: unknown) => e),
      ];

      for (const error of errors) {
        expect(error).toBeInstanceOf(ProviderError);
        expect((error as Error).message).not.toContain(API_KEY);
        expect(JSON.stringify(error)).not.toContain(API_KEY);
        expect(String((error as Error).cause ?? '')).not.toContain(API_KEY);
      }
    });
  });
});
