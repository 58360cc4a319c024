import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { startFakeServer, type FakeHandler, type FakeResponse, type FakeServer, type RecordedRequest } from './fake-http-server.js';
import { fakeEmbedding, fakeTokenCount } from './fake-openai-server.js';

/**
 * A fake Amazon Bedrock runtime answering in the real wire format: InvokeModel for Titan
 * and Cohere embeddings, Converse, and ConverseStream as binary event-stream frames.
 * Point a BedrockRuntimeClient at it with {@link bedrockClientOptions}.
 */
export interface FakeBedrockServerOptions {
  /** Answers first; return nothing to get the default answer. */
  handler?: FakeHandler;
  /** Default chat reply. */
  reply?: string;
}

export type BedrockOperation = 'invoke' | 'invoke-with-response-stream' | 'converse' | 'converse-stream';

/** Dummy credentials: requests are signed, the fake does not check signatures. */
export const FAKE_AWS_CREDENTIALS = {
  accessKeyId: 'AKIDFAKEFAKEFAKEFAKE',
  secretAccessKey: 'fake-secret-access-key-0123456789abcdef',
} as const;

/** Client settings that send every request to the fake server. */
export function bedrockClientOptions(server: Pick<FakeServer, 'url'>) {
  return { endpoint: server.url, region: 'us-east-1', credentials: { ...FAKE_AWS_CREDENTIALS } };
}

/**
 * A client of the fake server. HTTP/1.1: the Bedrock client defaults to HTTP/2, which this
 * plain node:http server does not speak.
 */
export function bedrockTestClient(server: Pick<FakeServer, 'url'>): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ ...bedrockClientOptions(server), requestHandler: new NodeHttpHandler() });
}

/** Model id and operation of a Bedrock runtime path such as `/model/amazon.titan-embed-text-v2%3A0/invoke`. */
export function parseBedrockPath(path: string): { modelId: string; operation: BedrockOperation } | undefined {
  const match = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream|converse|converse-stream)$/.exec(path.split('?')[0] ?? '');
  if (!match) return undefined;
  return { modelId: decodeURIComponent(match[1] as string), operation: match[2] as BedrockOperation };
}

export async function startFakeBedrockServer(options: FakeBedrockServerOptions = {}): Promise<FakeServer> {
  const reply = options.reply ?? 'Hello from the fake Bedrock.';
  return startFakeServer(options.handler, (request) => {
    const route = parseBedrockPath(request.path);
    if (request.method !== 'POST' || !route) return undefined;
    switch (route.operation) {
      case 'invoke':
        return invokeEmbeddingModel(route.modelId, request);
      case 'converse':
        return bedrockConverseResponse(reply);
      case 'converse-stream':
        return bedrockConverseStreamResponse(reply.match(/\S+\s*/g) ?? [reply]);
      default:
        return undefined;
    }
  });
}

function invokeEmbeddingModel(modelId: string, request: RecordedRequest): FakeResponse | undefined {
  const body = request.json();
  if (modelId.includes('titan-embed-text')) {
    const tokens = fakeTokenCount(body.inputText);
    return {
      headers: { 'x-amzn-bedrock-input-token-count': String(tokens) },
      body: { embedding: fakeEmbedding(body.inputText, body.dimensions ?? 1024), inputTextTokenCount: tokens },
    };
  }
  if (modelId.includes('cohere.embed')) {
    const texts: string[] = body.texts;
    const tokens = texts.reduce((sum, text) => sum + fakeTokenCount(text), 0);
    return {
      headers: { 'x-amzn-bedrock-input-token-count': String(tokens) },
      body: {
        id: 'fake-embedding-id',
        texts,
        embeddings: texts.map((text) => fakeEmbedding(text, 1024)),
        response_type: 'embeddings_floats',
      },
    };
  }
  return undefined;
}

/** A modelled Bedrock error: HTTP status, `x-amzn-errortype` header and `{message}` body. */
export function bedrockErrorResponse(status: number, errorType: string, message: string): FakeResponse {
  return {
    status,
    headers: { 'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
    body: { message },
  };
}

export interface FakeBedrockUsage {
  inputTokens: number;
  outputTokens: number;
}

export function bedrockConverseResponse(text: string, usage: FakeBedrockUsage = { inputTokens: 13, outputTokens: 5 }): FakeResponse {
  return {
    body: {
      output: { message: { role: 'assistant', content: [{ text }] } },
      stopReason: 'end_turn',
      usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
      metrics: { latencyMs: 42 },
    },
  };
}

export interface EventStreamEvent {
  /** `:event-type`, e.g. "contentBlockDelta". */
  type: string;
  payload: unknown;
  /** "exception" frames carry `:exception-type` instead of `:event-type`. */
  messageType?: 'event' | 'exception';
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Encodes events as `application/vnd.amazon.eventstream` frames. */
export function encodeEventStream(events: readonly EventStreamEvent[]): Uint8Array[] {
  return events.map(({ type, payload, messageType = 'event' }) =>
    codec.encode({
      headers: {
        ':message-type': { type: 'string', value: messageType },
        [messageType === 'event' ? ':event-type' : ':exception-type']: { type: 'string', value: type },
        ':content-type': { type: 'string', value: 'application/json' },
      },
      body: fromUtf8(JSON.stringify(payload)),
    }),
  );
}

/** The frames of a ConverseStream reply, as a streaming HTTP response. */
export function bedrockEventStreamResponse(events: readonly EventStreamEvent[]): FakeResponse {
  return { status: 200, headers: { 'content-type': 'application/vnd.amazon.eventstream' }, chunks: encodeEventStream(events) };
}

/** messageStart, one contentBlockDelta per piece, messageStop and metadata with usage. */
export function bedrockConverseStreamResponse(pieces: readonly string[], usage: FakeBedrockUsage = { inputTokens: 13, outputTokens: 5 }): FakeResponse {
  return bedrockEventStreamResponse([
    { type: 'messageStart', payload: { role: 'assistant' } },
    ...pieces.map((text) => ({ type: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text } } })),
    { type: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
    { type: 'messageStop', payload: { stopReason: 'end_turn' } },
    {
      type: 'metadata',
      payload: { usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens }, metrics: { latencyMs: 42 } },
    },
  ]);
}
