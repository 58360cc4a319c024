import { startFakeServer, type FakeHandler, type FakeResponse, type FakeServer } from './fake-http-server.js';

/**
 * A fake OpenAI API (or OpenAI-compatible server) answering in the real wire format:
 * `POST /v1/embeddings` and `POST /v1/chat/completions`, streamed or not.
 */
export interface FakeOpenAiServer extends FakeServer {
  /** Base URL for the client, "http://127.0.0.1:PORT/v1" (what OPENAI_BASE_URL holds). */
  url: string;
  /** "http://127.0.0.1:PORT". */
  origin: string;
}

export interface FakeOpenAiServerOptions {
  /** Answers first; return nothing to get the default answer. */
  handler?: FakeHandler;
  /** Size of default embeddings when the request sets no `dimensions`. Default 8. */
  embeddingDimensions?: number;
  /** Default chat reply. */
  reply?: string;
}

export async function startFakeOpenAiServer(options: FakeOpenAiServerOptions = {}): Promise<FakeOpenAiServer> {
  const server = await startFakeServer(options.handler, (request) => {
    const route = request.path.split('?')[0];
    if (request.method === 'POST' && route === '/v1/embeddings') {
      const body = request.json();
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      return openAiEmbeddingsResponse(inputs, { dimensions: body.dimensions ?? options.embeddingDimensions ?? 8, model: body.model });
    }
    if (request.method === 'POST' && route === '/v1/chat/completions') {
      const body = request.json();
      const reply = options.reply ?? 'Hello from the fake server.';
      return body.stream
        ? openAiChatStreamResponse(splitIntoPieces(reply), { model: body.model, includeUsage: Boolean(body.stream_options?.include_usage) })
        : openAiChatResponse(reply, { model: body.model });
    }
    return undefined;
  });
  return { ...server, origin: server.url, url: `${server.url}/v1` };
}

/**
 * A deterministic, deliberately non-normalised vector for a text: the same text always maps
 * to the same direction, so tests can check order and normalisation.
 */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  let seed = 2166136261;
  for (const char of text) seed = Math.imul(seed ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
  return Array.from({ length: dimensions }, () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed / 2 ** 32) * 4 - 2;
  });
}

/** Token count the fake reports for a text: one per four characters, at least one. */
export function fakeTokenCount(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function openAiEmbeddingsResponse(
  inputs: readonly string[],
  { dimensions, model = 'text-embedding-3-large' }: { dimensions: number; model?: string },
): FakeResponse {
  const tokens = inputs.reduce((sum, input) => sum + fakeTokenCount(input), 0);
  return {
    body: {
      object: 'list',
      data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(input, dimensions) })),
      model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}

export interface FakeChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export function openAiChatResponse(
  text: string,
  { model = 'gpt-4o-mini', usage = { prompt_tokens: 11, completion_tokens: 7 } }: { model?: string; usage?: FakeChatUsage } = {},
): FakeResponse {
  return {
    body: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  };
}

/** Server-sent events as OpenAI streams them: role, content deltas, finish, usage, `[DONE]`. */
export function openAiChatStreamResponse(
  pieces: readonly string[],
  {
    model = 'gpt-4o-mini',
    usage = { prompt_tokens: 11, completion_tokens: 7 },
    includeUsage = true,
  }: { model?: string; usage?: FakeChatUsage; includeUsage?: boolean } = {},
): FakeResponse {
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model };
  const chunk = (choices: unknown[], extra: object = {}) => ({ ...base, choices, ...(includeUsage ? { usage: null } : {}), ...extra });
  const events: unknown[] = [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    ...pieces.map((content) => chunk([{ index: 0, delta: { content }, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]),
    ...(includeUsage ? [chunk([], { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })] : []),
  ];
  return serverSentEvents(events);
}

/** Each event as `data: <json>\n\n`, then `data: [DONE]`. */
export function serverSentEvents(events: readonly unknown[]): FakeResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
    chunks: [...events.map((event) => `data: ${JSON.stringify(event)}\n\n`), 'data: [DONE]\n\n'],
  };
}

/** An error the way the OpenAI API sends it. */
export function openAiErrorResponse(
  status: number,
  message: string,
  { type = 'invalid_request_error', code = null, headers }: { type?: string; code?: string | null; headers?: Record<string, string> } = {},
): FakeResponse {
  return { status, ...(headers ? { headers } : {}), body: { error: { message, type, param: null, code } } };
}

function splitIntoPieces(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}
