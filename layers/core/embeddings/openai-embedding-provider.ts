import { ConfigError, ProviderError } from '../errors.js';
import { mapWithConcurrency } from '../providers/concurrency.js';
import { OpenAiConnection } from '../providers/openai-connection.js';
import type { RetryTuning } from '../providers/retry-policy.js';
import { truncateToTokens } from '../providers/token-count.js';
import type { EmbeddingBatch, EmbeddingProvider, EmbeddingPurpose } from './embedding-provider.js';
import { isFiniteVector, l2Normalize } from './vector-math.js';

export interface OpenAiEmbeddingOptions {
  apiKey: string | undefined;
  /** OPENAI_BASE_URL: an OpenAI-compatible server (Ollama, vLLM, LM Studio). */
  baseURL?: string;
  /** Default "text-embedding-3-large". */
  model?: string;
  /** Output size, sent as the `dimensions` parameter. Required for models whose native size is unknown. */
  dimensions?: number;
  /** Per attempt. Default 30 000. */
  timeoutMs?: number;
  /** Total attempts per request, the first included. Default 5. */
  maxAttempts?: number;
  /** Inputs per request; the API accepts at most 2,048. */
  maxInputsPerRequest?: number;
  /** Summed input tokens per request; the API accepts at most 300,000. */
  maxTokensPerRequest?: number;
  /** Longer inputs are truncated to this many tokens; the models accept at most 8,191. */
  maxInputTokens?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  fetch?: typeof fetch;
  retry?: RetryTuning;
  /** Where the key comes from, named in error messages. Default "OPENAI_API_KEY". */
  apiKeySource?: string;
}

export const OPENAI_EMBEDDING_DEFAULTS = {
  model: 'text-embedding-3-large',
  timeoutMs: 30_000,
  maxAttempts: 5,
  maxInputsPerRequest: 2048,
  maxTokensPerRequest: 300_000,
  maxInputTokens: 8191,
  concurrency: 4,
} as const;

/** Native output sizes of OpenAI's embedding models. */
export const OPENAI_EMBEDDING_NATIVE_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-large': 3072,
  'text-embedding-3-small': 1536,
  'text-embedding-ada-002': 1536,
};

/** ada-002 predates the `dimensions` parameter and rejects it. */
const MODELS_WITHOUT_DIMENSIONS_PARAMETER = new Set(['text-embedding-ada-002']);

/**
 * Groups inputs into requests of at most `maxInputs` inputs and `maxTokens` summed tokens,
 * keeping input order. Returns the input indices of each request.
 */
export function planEmbeddingRequests(tokenCounts: readonly number[], limits: { maxInputs: number; maxTokens: number }): number[][] {
  const requests: number[][] = [];
  let current: number[] = [];
  let currentTokens = 0;
  tokenCounts.forEach((tokens, index) => {
    if (current.length > 0 && (current.length >= limits.maxInputs || currentTokens + tokens > limits.maxTokens)) {
      requests.push(current);
      current = [];
      currentTokens = 0;
    }
    current.push(index);
    currentTokens += tokens;
  });
  if (current.length > 0) requests.push(current);
  return requests;
}

/** Embeddings through the OpenAI API or any server that speaks it. */
export class OpenAiEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  readonly dimensions: number;
  readonly model: string;
  private readonly connection: OpenAiConnection;
  private readonly requestedDimensions: number | undefined;
  private readonly maxInputsPerRequest: number;
  private readonly maxTokensPerRequest: number;
  private readonly maxInputTokens: number;
  private readonly concurrency: number;

  constructor(options: OpenAiEmbeddingOptions) {
    const defaults = OPENAI_EMBEDDING_DEFAULTS;
    this.model = options.model ?? defaults.model;
    this.dimensions = resolveDimensions(this.model, options.dimensions);
    this.requestedDimensions = options.dimensions !== undefined && !MODELS_WITHOUT_DIMENSIONS_PARAMETER.has(this.model) ? options.dimensions : undefined;
    this.id = `openai:${this.model}@${this.dimensions}`;
    this.maxInputsPerRequest = positive(options.maxInputsPerRequest ?? defaults.maxInputsPerRequest, 'maxInputsPerRequest');
    this.maxTokensPerRequest = positive(options.maxTokensPerRequest ?? defaults.maxTokensPerRequest, 'maxTokensPerRequest');
    this.maxInputTokens = positive(options.maxInputTokens ?? defaults.maxInputTokens, 'maxInputTokens');
    this.concurrency = positive(options.concurrency ?? defaults.concurrency, 'concurrency');
    this.connection = new OpenAiConnection({
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
      maxAttempts: options.maxAttempts ?? defaults.maxAttempts,
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.apiKeySource === undefined ? {} : { apiKeySource: options.apiKeySource }),
    });
  }

  // OpenAI's models embed documents and queries alike, so the purpose is not sent.
  async embed(texts: string[], _purpose: EmbeddingPurpose): Promise<EmbeddingBatch> {
    if (texts.length === 0) return { vectors: [], tokens: 0 };
    // One input may not exceed the model's limit, nor the budget of a whole request.
    const inputTokenLimit = Math.min(this.maxInputTokens, this.maxTokensPerRequest);
    const inputs = texts.map((text, index) => {
      if (text.trim() === '') {
        throw new ProviderError('openai', 'bad_request', `input #${index} is empty; the embeddings API rejects empty inputs.`);
      }
      return truncateToTokens(text, inputTokenLimit);
    });
    const requests = planEmbeddingRequests(
      inputs.map((input) => input.tokens),
      { maxInputs: this.maxInputsPerRequest, maxTokens: this.maxTokensPerRequest },
    );

    const vectors = new Array<number[]>(texts.length);
    const billed = await mapWithConcurrency(requests, this.concurrency, async (indices) => {
      const batch = indices.map((index) => (inputs[index] as { text: string }).text);
      const result = await this.embedRequest(batch);
      result.vectors.forEach((vector, position) => {
        vectors[indices[position] as number] = vector;
      });
      return result.tokens ?? indices.reduce((sum, index) => sum + (inputs[index]?.tokens ?? 0), 0);
    });
    return { vectors, tokens: billed.reduce((sum, tokens) => sum + tokens, 0) };
  }

  private async embedRequest(batch: string[]): Promise<{ vectors: number[][]; tokens: number | undefined }> {
    const response: unknown = await this.connection.call((signal) =>
      this.connection.client.embeddings.create(
        {
          model: this.model,
          input: batch,
          encoding_format: 'float',
          ...(this.requestedDimensions === undefined ? {} : { dimensions: this.requestedDimensions }),
        },
        { signal },
      ),
    );
    return { vectors: this.readVectors(response, batch.length), tokens: readTotalTokens(response) };
  }

  private readVectors(response: unknown, expected: number): number[][] {
    const data = (response as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) throw this.connection.badResponse('no "data" array');
    if (data.length !== expected) throw this.connection.badResponse(`${data.length} embeddings for ${expected} inputs`);

    const vectors = new Array<number[]>(expected);
    data.forEach((item: { index?: unknown; embedding?: unknown } | null, position) => {
      // Results carry their input index; servers are not obliged to keep order.
      const index = typeof item?.index === 'number' ? item.index : position;
      if (!Number.isInteger(index) || index < 0 || index >= expected || vectors[index]) {
        throw this.connection.badResponse(`embedding index ${String(item?.index)} is out of range or repeated`);
      }
      const embedding = typeof item?.embedding === 'string' ? decodeBase64Floats(item.embedding) : item?.embedding;
      if (!isFiniteVector(embedding)) throw this.connection.badResponse(`embedding #${index} is not an array of finite numbers`);
      if (embedding.length !== this.dimensions) {
        throw new ProviderError(
          'openai',
          'bad_response',
          `model ${this.model} returned ${embedding.length}-dimensional vectors but ${this.dimensions} are configured. ` +
            `The server may ignore the "dimensions" parameter; set the embedding dimensions to ${embedding.length} or choose another model.`,
        );
      }
      vectors[index] = l2Normalize(embedding);
    });
    return vectors;
  }
}

function resolveDimensions(model: string, configured: number | undefined): number {
  const native = OPENAI_EMBEDDING_NATIVE_DIMENSIONS[model];
  if (configured === undefined) {
    if (native === undefined) {
      throw new ConfigError(`The output size of embedding model "${model}" is unknown; set the embedding dimensions explicitly.`);
    }
    return native;
  }
  if (!Number.isInteger(configured) || configured <= 0) {
    throw new ConfigError(`Embedding dimensions must be a positive integer, got ${configured}.`);
  }
  if (native !== undefined && configured > native) {
    throw new ConfigError(`Embedding model "${model}" produces at most ${native} dimensions, got ${configured}.`);
  }
  if (MODELS_WITHOUT_DIMENSIONS_PARAMETER.has(model) && configured !== native) {
    throw new ConfigError(`Embedding model "${model}" only produces ${native} dimensions, got ${configured}.`);
  }
  return configured;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1) throw new ConfigError(`${name} must be at least 1, got ${value}.`);
  return Math.floor(value);
}

function readTotalTokens(response: unknown): number | undefined {
  const usage = (response as { usage?: { total_tokens?: unknown; prompt_tokens?: unknown } } | null)?.usage;
  const tokens = usage?.total_tokens ?? usage?.prompt_tokens;
  return typeof tokens === 'number' && Number.isFinite(tokens) ? tokens : undefined;
}

/** Some compatible servers answer base64 little-endian float32 whatever the requested format. */
function decodeBase64Floats(encoded: string): number[] | undefined {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}
