import {
  ConverseCommand,
  ConverseStreamCommand,
  type ContentBlock,
  type ConverseCommandOutput,
  type Message,
  type SystemContentBlock,
} from '@aws-sdk/client-bedrock-runtime';
import { BedrockConnection, type BedrockConnectionOptions } from '../providers/bedrock-connection.js';
import type { RetryTuning } from '../providers/retry-policy.js';
import { countTokens, estimateChatTokens } from '../providers/token-count.js';
import type { ChatCompletion, ChatMessage, ChatModel, ChatRequest, ChatStreamEvent, ChatUsage } from './chat-model.js';

export interface BedrockChatOptions {
  /** Default: the SDK's resolution (AWS_REGION). */
  region?: string;
  /** A model or inference profile id. Default "anthropic.claude-3-5-haiku-20241022-v1:0". */
  modelId?: string;
  /** Another endpoint than the regional one (VPC endpoint, or a local server in tests). */
  endpoint?: string;
  credentials?: BedrockConnectionOptions['credentials'];
  /** A ready client; its own timeouts and retries then apply. */
  client?: BedrockConnectionOptions['client'];
  /** Per attempt; for a stream, the longest silence between events. Default 60 000. */
  timeoutMs?: number;
  /** Total attempts, the first included. Default 3. */
  maxAttempts?: number;
  retry?: RetryTuning;
}

export const BEDROCK_CHAT_DEFAULTS = {
  modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
  timeoutMs: 60_000,
  maxAttempts: 3,
} as const;

/** Converse has no JSON mode, so JSON is asked for in the system prompt. */
export const BEDROCK_JSON_INSTRUCTION = 'Answer with one JSON object only: no text before or after it, and no Markdown code fences.';

/** Chat through Amazon Bedrock's Converse API, which speaks the same shape to every model. */
export class BedrockChatModel implements ChatModel {
  readonly id: string;
  readonly modelId: string;
  private readonly connection: BedrockConnection;

  constructor(options: BedrockChatOptions = {}) {
    this.modelId = options.modelId?.trim() || BEDROCK_CHAT_DEFAULTS.modelId;
    this.id = `bedrock:${this.modelId}`;
    this.connection = new BedrockConnection(
      {
        timeoutMs: options.timeoutMs ?? BEDROCK_CHAT_DEFAULTS.timeoutMs,
        maxAttempts: options.maxAttempts ?? BEDROCK_CHAT_DEFAULTS.maxAttempts,
        ...(options.region === undefined ? {} : { region: options.region }),
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
        ...(options.client === undefined ? {} : { client: options.client }),
        ...(options.retry === undefined ? {} : { retry: options.retry }),
      },
      this.modelId,
    );
  }

  async complete(request: ChatRequest): Promise<ChatCompletion> {
    let output: ConverseCommandOutput;
    try {
      output = await this.connection.client.send(new ConverseCommand(this.input(request)), abortOptions(request.signal));
    } catch (error) {
      throw this.connection.toError(error, request.signal);
    }
    const content: ContentBlock[] | undefined = output.output?.message?.content;
    if (!Array.isArray(content)) {
      throw this.connection.badResponse(`no message in the reply (stop reason: ${output.stopReason ?? 'none'})`);
    }
    const text = content.map((block) => (typeof block.text === 'string' ? block.text : '')).join('');
    const usage = readUsage(output.usage) ?? estimateUsage(request.messages, text);
    return { text: request.json ? stripCodeFence(text) : text, usage };
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    let text = '';
    let usage: ChatUsage | undefined;
    try {
      const output = await this.connection.client.send(new ConverseStreamCommand(this.input(request)), abortOptions(request.signal));
      if (!output.stream) throw this.connection.badResponse('no event stream in the reply');
      for await (const event of output.stream) {
        // Errors inside the stream usually surface as thrown exceptions, but may arrive as members.
        const failure =
          event.throttlingException ??
          event.serviceUnavailableException ??
          event.internalServerException ??
          event.modelStreamErrorException ??
          event.validationException;
        if (failure) throw failure;
        const delta = event.contentBlockDelta?.delta?.text;
        if (typeof delta === 'string' && delta !== '') {
          text += delta;
          yield { type: 'delta', text: delta };
        }
        if (event.metadata?.usage) usage = readUsage(event.metadata.usage) ?? usage;
      }
    } catch (error) {
      throw this.connection.toError(error, request.signal);
    }
    yield { type: 'done', usage: usage ?? estimateUsage(request.messages, text) };
  }

  private input(request: ChatRequest) {
    const system: SystemContentBlock[] = request.messages
      .filter((message) => message.role === 'system' && message.content.trim() !== '')
      .map((message) => ({ text: message.content }));
    if (request.json) system.push({ text: BEDROCK_JSON_INSTRUCTION });
    return {
      modelId: this.modelId,
      messages: conversation(request.messages),
      ...(system.length > 0 ? { system } : {}),
      ...(request.maxTokens === undefined && request.temperature === undefined
        ? {}
        : {
            inferenceConfig: {
              ...(request.maxTokens === undefined ? {} : { maxTokens: request.maxTokens }),
              ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
            },
          }),
    };
  }
}

/**
 * Converse wants strictly alternating user and assistant turns with non-blank text, so
 * consecutive messages of one role become one turn with several content blocks.
 */
function conversation(messages: readonly ChatMessage[]): Message[] {
  const turns: Message[] = [];
  for (const message of messages) {
    if (message.role === 'system' || message.content.trim() === '') continue;
    const last = turns.at(-1);
    if (last?.role === message.role) last.content?.push({ text: message.content });
    else turns.push({ role: message.role, content: [{ text: message.content }] });
  }
  return turns;
}

function abortOptions(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}

function readUsage(usage: { inputTokens?: number; outputTokens?: number } | undefined): ChatUsage | undefined {
  if (typeof usage?.inputTokens !== 'number' || typeof usage.outputTokens !== 'number') return undefined;
  return { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
}

function estimateUsage(messages: readonly ChatMessage[], reply: string): ChatUsage {
  return { inputTokens: estimateChatTokens(messages.map((message) => message.content)), outputTokens: countTokens(reply) };
}

/** Models asked for bare JSON still like to wrap it in ```json fences. */
function stripCodeFence(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return match ? (match[1] as string) : text;
}
