import { ConfigError } from '../errors.js';
import { OpenAiConnection } from '../providers/openai-connection.js';
import type { RetryTuning } from '../providers/retry-policy.js';
import { countTokens, estimateChatTokens } from '../providers/token-count.js';
import type { ChatCompletion, ChatMessage, ChatModel, ChatRequest, ChatStreamEvent, ChatUsage } from './chat-model.js';

export interface OpenAiChatOptions {
  apiKey: string | undefined;
  /** OPENAI_BASE_URL: an OpenAI-compatible server (Ollama, vLLM, LM Studio). */
  baseURL?: string;
  /** Default "gpt-4o-mini". */
  model?: string;
  /** Per attempt; for a stream, the longest silence between chunks. Default 60 000. */
  timeoutMs?: number;
  /** Total attempts, the first included. Default 3. */
  maxAttempts?: number;
  fetch?: typeof fetch;
  retry?: RetryTuning;
  /** Where the key comes from, named in error messages. Default "OPENAI_API_KEY". */
  apiKeySource?: string;
  /**
   * How the reply length limit is sent. OpenAI's current models expect
   * `max_completion_tokens`; most compatible servers only know `max_tokens`.
   * Default: the former for api.openai.com, the latter for any other server.
   */
  maxTokensParameter?: 'max_tokens' | 'max_completion_tokens';
}

export const OPENAI_CHAT_DEFAULTS = { model: 'gpt-4o-mini', timeoutMs: 60_000, maxAttempts: 3 } as const;

/** The API rejects json_object mode unless the conversation mentions JSON. */
const JSON_INSTRUCTION = 'Reply with one JSON object.';

/** Chat completions through the OpenAI API or any server that speaks it. */
export class OpenAiChatModel implements ChatModel {
  readonly id: string;
  readonly model: string;
  private readonly connection: OpenAiConnection;
  private readonly maxTokensParameter: 'max_tokens' | 'max_completion_tokens';

  constructor(options: OpenAiChatOptions) {
    this.model = options.model?.trim() || OPENAI_CHAT_DEFAULTS.model;
    this.id = `openai:${this.model}`;
    const timeoutMs = options.timeoutMs ?? OPENAI_CHAT_DEFAULTS.timeoutMs;
    if (!(timeoutMs > 0)) throw new ConfigError(`timeoutMs must be positive, got ${timeoutMs}.`);
    this.connection = new OpenAiConnection({
      apiKey: options.apiKey,
      timeoutMs,
      maxAttempts: options.maxAttempts ?? OPENAI_CHAT_DEFAULTS.maxAttempts,
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.apiKeySource === undefined ? {} : { apiKeySource: options.apiKeySource }),
    });
    this.maxTokensParameter = options.maxTokensParameter ?? (this.connection.usesCustomEndpoint ? 'max_tokens' : 'max_completion_tokens');
  }

  async complete(request: ChatRequest): Promise<ChatCompletion> {
    const response: unknown = await this.connection.call(
      (signal) => this.connection.client.chat.completions.create(this.body(request), { signal }),
      request.signal,
    );
    const choices = (response as { choices?: unknown } | null)?.choices;
    if (!Array.isArray(choices) || choices.length === 0) throw this.connection.badResponse('no "choices" in the reply');
    const message = (choices[0] as { message?: { content?: unknown; refusal?: unknown } } | null)?.message;
    // A refusal is still the model's answer to show.
    const text = typeof message?.content === 'string' ? message.content : message?.refusal;
    if (typeof text !== 'string') throw this.connection.badResponse('the first choice has no text content');
    return { text, usage: readUsage((response as { usage?: unknown }).usage) ?? estimateUsage(request.messages, text) };
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const { value: chunks, deadline } = await this.connection.openStream(
      (signal) => this.connection.client.chat.completions.create({ ...this.body(request), stream: true, stream_options: { include_usage: true } }, { signal }),
      request.signal,
    );
    let text = '';
    let usage: ChatUsage | undefined;
    let chunkCount = 0;
    try {
      for await (const chunk of chunks as AsyncIterable<unknown>) {
        deadline.restart();
        chunkCount++;
        if (typeof chunk !== 'object' || chunk === null) throw this.connection.badResponse('a stream chunk is not an object');
        const { choices, usage: chunkUsage } = chunk as { choices?: unknown; usage?: unknown };
        const delta = Array.isArray(choices) ? (choices[0] as { delta?: { content?: unknown } } | undefined)?.delta?.content : undefined;
        usage = readUsage(chunkUsage) ?? usage;
        if (typeof delta === 'string' && delta !== '') {
          text += delta;
          yield { type: 'delta', text: delta };
          deadline.restart();
        }
      }
      // An aborted stream just ends: tell a deadline or a caller abort from a finished reply.
      if (deadline.signal.aborted) throw deadline.signal.reason;
      if (chunkCount === 0) throw this.connection.badResponse('the stream ended without any event');
    } catch (error) {
      throw this.connection.streamError(error, deadline, request.signal);
    } finally {
      deadline.dispose();
    }
    yield { type: 'done', usage: usage ?? estimateUsage(request.messages, text) };
  }

  private body(request: ChatRequest) {
    const messages: ChatMessage[] =
      request.json && !request.messages.some((message) => /json/i.test(message.content))
        ? [{ role: 'system', content: JSON_INSTRUCTION }, ...request.messages]
        : request.messages;
    return {
      model: this.model,
      messages: messages.map(({ role, content }) => ({ role, content })),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxTokens === undefined ? {} : { [this.maxTokensParameter]: request.maxTokens }),
      ...(request.json ? { response_format: { type: 'json_object' as const } } : {}),
    };
  }
}

function readUsage(usage: unknown): ChatUsage | undefined {
  const { prompt_tokens: inputTokens, completion_tokens: outputTokens } = (usage ?? {}) as {
    prompt_tokens?: unknown;
    completion_tokens?: unknown;
  };
  if (typeof inputTokens !== 'number' || typeof outputTokens !== 'number') return undefined;
  return { inputTokens, outputTokens };
}

/** For servers that report no usage: an estimate keeps cost accounting meaningful. */
function estimateUsage(messages: readonly ChatMessage[], reply: string): ChatUsage {
  return { inputTokens: estimateChatTokens(messages.map((message) => message.content)), outputTokens: countTokens(reply) };
}
