import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { ConfigError } from '../errors.js';
import { BedrockConnection, type BedrockConnectionOptions } from '../providers/bedrock-connection.js';
import { mapWithConcurrency } from '../providers/concurrency.js';
import type { RetryTuning } from '../providers/retry-policy.js';
import { countTokens, truncateToCharacters } from '../providers/token-count.js';
import type { EmbeddingBatch, EmbeddingProvider, EmbeddingPurpose } from './embedding-provider.js';
import { isFiniteVector, l2Normalize } from './vector-math.js';

export const TITAN_EMBED_TEXT_V2 = 'amazon.titan-embed-text-v2:0';
export const COHERE_EMBED_MULTILINGUAL_V3 = 'cohere.embed-multilingual-v3';

export interface BedrockEmbeddingOptions {
  /** Default: the SDK's resolution (AWS_REGION). */
  region?: string;
  /** Default Titan Text Embeddings v2; Cohere Embed v3 (multilingual or English) is also supported. */
  modelId?: string;
  /** Titan v2: 256, 512 or 1024 (default). Cohere v3: 1024 only. */
  dimensions?: number;
  /** Another endpoint than the regional one (VPC endpoint, or a local server in tests). */
  endpoint?: string;
  credentials?: BedrockConnectionOptions['credentials'];
  /** A ready client; its own timeouts and retries then apply. */
  client?: BedrockConnectionOptions['client'];
  /** Per attempt. Default 30 000. */
  timeoutMs?: number;
  /** Total attempts per call, the first included. Default 5. */
  maxAttempts?: number;
  /** Calls in flight at once (Titan embeds one text per call). Default 4. */
  concurrency?: number;
  retry?: RetryTuning;
}

export const BEDROCK_EMBEDDING_DEFAULTS = { modelId: TITAN_EMBED_TEXT_V2, timeoutMs: 30_000, maxAttempts: 5, concurrency: 4 } as const;

const TITAN_DIMENSIONS = [256, 512, 1024] as const;
/** Titan v2 accepts up to 50,000 characters (and 8,192 tokens) per text. */
const TITAN_MAX_CHARACTERS = 50_000;
/** Cohere on Bedrock accepts 96 texts per call and 2,048 characters per text. */
const COHERE_MAX_TEXTS = 96;
const COHERE_MAX_CHARACTERS = 2048;
const COHERE_DIMENSIONS = 1024;

type ModelFamily = 'titan-v2' | 'cohere-v3';

interface CallResult {
  vectors: unknown[];
  tokens: number;
}

/** Embeddings through Amazon Bedrock's InvokeModel. */
export class BedrockEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  readonly dimensions: number;
  readonly modelId: string;
  private readonly family: ModelFamily;
  private readonly connection: BedrockConnection;
  private readonly concurrency: number;

  constructor(options: BedrockEmbeddingOptions = {}) {
    this.modelId = options.modelId?.trim() || BEDROCK_EMBEDDING_DEFAULTS.modelId;
    this.family = modelFamily(this.modelId);
    this.dimensions = resolveDimensions(this.family, this.modelId, options.dimensions);
    this.id = `bedrock:${this.modelId}@${this.dimensions}`;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? BEDROCK_EMBEDDING_DEFAULTS.concurrency));
    this.connection = new BedrockConnection(
      {
        timeoutMs: options.timeoutMs ?? BEDROCK_EMBEDDING_DEFAULTS.timeoutMs,
        maxAttempts: options.maxAttempts ?? BEDROCK_EMBEDDING_DEFAULTS.maxAttempts,
        ...(options.region === undefined ? {} : { region: options.region }),
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
        ...(options.client === undefined ? {} : { client: options.client }),
        ...(options.retry === undefined ? {} : { retry: options.retry }),
      },
      this.modelId,
    );
  }

  async embed(texts: string[], purpose: EmbeddingPurpose): Promise<EmbeddingBatch> {
    if (texts.length === 0) return { vectors: [], tokens: 0 };
    const groups =
      this.family === 'titan-v2'
        ? texts.map((text) => [truncateToCharacters(text, TITAN_MAX_CHARACTERS)])
        : chunk(
            texts.map((text) => truncateToCharacters(text, COHERE_MAX_CHARACTERS)),
            COHERE_MAX_TEXTS,
          );
    const results = await mapWithConcurrency(groups, this.concurrency, (group) =>
      this.family === 'titan-v2' ? this.invokeTitan(group[0] as string) : this.invokeCohere(group, purpose),
    );

    const vectors: number[][] = [];
    let tokens = 0;
    for (const result of results) {
      tokens += result.tokens;
      for (const vector of result.vectors) vectors.push(this.checkVector(vector, vectors.length));
    }
    return { vectors, tokens };
  }

  private async invokeTitan(text: string): Promise<CallResult> {
    const { body } = await this.invoke({ inputText: text, dimensions: this.dimensions, normalize: true });
    const { embedding, inputTextTokenCount } = body as { embedding?: unknown; inputTextTokenCount?: unknown };
    return {
      vectors: [embedding],
      tokens: typeof inputTextTokenCount === 'number' ? inputTextTokenCount : countTokens(text),
    };
  }

  private async invokeCohere(texts: string[], purpose: EmbeddingPurpose): Promise<CallResult> {
    const { body, inputTokenCount } = await this.invoke({
      texts,
      input_type: purpose === 'query' ? 'search_query' : 'search_document',
      truncate: 'END',
    });
    const embeddings = (body as { embeddings?: unknown }).embeddings;
    // Asked for floats, v3 answers a plain array; with embedding_types it nests them under "float".
    const vectors = Array.isArray(embeddings) ? embeddings : (embeddings as { float?: unknown } | undefined)?.float;
    if (!Array.isArray(vectors)) throw this.connection.badResponse('no "embeddings" array');
    if (vectors.length !== texts.length) throw this.connection.badResponse(`${vectors.length} embeddings for ${texts.length} texts`);
    return { vectors, tokens: inputTokenCount ?? texts.reduce((sum, text) => sum + countTokens(text), 0) };
  }

  /** Calls the model with a JSON body; also reads the token count Bedrock reports in a header. */
  private async invoke(payload: object): Promise<{ body: object; inputTokenCount: number | undefined }> {
    const command = new InvokeModelCommand({
      modelId: this.modelId,
      contentType: 'application/json',
      accept: 'application/json',
      body: JSON.stringify(payload),
    });
    let inputTokenCount: number | undefined;
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const headers = (result.response as { headers?: Record<string, string | undefined> }).headers ?? {};
        const count = Number(headers['x-amzn-bedrock-input-token-count']);
        inputTokenCount = Number.isFinite(count) && headers['x-amzn-bedrock-input-token-count'] !== undefined ? count : undefined;
        return result;
      },
      { step: 'deserialize', name: 'readBedrockInputTokenCount' },
    );

    let raw: string;
    try {
      const output = await this.connection.client.send(command);
      raw = new TextDecoder().decode(output.body);
    } catch (error) {
      throw this.connection.toError(error);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw this.connection.badResponse('the body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null) throw this.connection.badResponse('the body is not a JSON object');
    return { body, inputTokenCount };
  }

  private checkVector(vector: unknown, index: number): number[] {
    if (!isFiniteVector(vector)) throw this.connection.badResponse(`embedding #${index} is not an array of finite numbers`);
    if (vector.length !== this.dimensions) {
      throw this.connection.badResponse(`embedding #${index} has ${vector.length} dimensions, ${this.dimensions} expected`);
    }
    return l2Normalize(vector);
  }
}

function modelFamily(modelId: string): ModelFamily {
  if (modelId.includes('amazon.titan-embed-text-v2')) return 'titan-v2';
  if (/cohere\.embed-(multilingual|english)-v3/.test(modelId)) return 'cohere-v3';
  throw new ConfigError(`Bedrock embedding model "${modelId}" is not supported; use ${TITAN_EMBED_TEXT_V2} or ${COHERE_EMBED_MULTILINGUAL_V3}.`);
}

function resolveDimensions(family: ModelFamily, modelId: string, configured: number | undefined): number {
  if (family === 'cohere-v3') {
    if (configured !== undefined && configured !== COHERE_DIMENSIONS) {
      throw new ConfigError(`Bedrock model ${modelId} produces ${COHERE_DIMENSIONS} dimensions only, got ${configured}.`);
    }
    return COHERE_DIMENSIONS;
  }
  const dimensions = configured ?? 1024;
  if (!(TITAN_DIMENSIONS as readonly number[]).includes(dimensions)) {
    throw new ConfigError(`Bedrock model ${modelId} supports ${TITAN_DIMENSIONS.join(', ')} dimensions, got ${dimensions}.`);
  }
  return dimensions;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
