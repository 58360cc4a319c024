import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ProviderError } from '../errors.js';
import { Deadline, DeadlineExceededError } from './deadline.js';
import { clip, describeEndpoint, redactSecrets } from './redact.js';
import { parseRetryAfterMs } from './retry-after.js';
import { ProviderRetryStrategy, runWithRetries, type ParsedRetryErrorInfo, type RetryTuning } from './retry-policy.js';

const PROVIDER = 'openai';
const OPENAI_ENDPOINT = 'https://api.openai.com/v1';

/** Connection settings shared by the OpenAI embedding and chat adapters. */
export interface OpenAiConnectionOptions {
  /** Secret key; a missing or blank key fails at construction. */
  apiKey: string | undefined;
  /** An OpenAI-compatible server (Ollama, vLLM, LM Studio), e.g. "http://localhost:11434/v1". */
  baseURL?: string;
  /** Budget of one attempt; a streamed reply may stay silent this long between chunks. */
  timeoutMs: number;
  /** Total attempts, the first one included. */
  maxAttempts: number;
  fetch?: typeof fetch;
  retry?: RetryTuning;
  /** Where the key comes from, named in error messages. Default "OPENAI_API_KEY". */
  apiKeySource?: string;
}

/**
 * The official client with its own retries switched off, wrapped in our retry policy,
 * per-attempt deadlines and error mapping. Every error that leaves it is a ProviderError
 * without the key, or the caller's own abort reason.
 */
export class OpenAiConnection {
  readonly client: OpenAI;
  private readonly strategy: ProviderRetryStrategy;
  private readonly apiKey: string;
  private readonly apiKeySource: string;
  private readonly endpoint: string;
  private readonly customEndpoint: boolean;

  constructor(private readonly options: OpenAiConnectionOptions) {
    this.apiKeySource = options.apiKeySource ?? 'OPENAI_API_KEY';
    const apiKey = options.apiKey?.trim();
    if (!apiKey) {
      throw new ProviderError(
        PROVIDER,
        'auth',
        `${this.apiKeySource} is not set; set it to your OpenAI API key (any non-empty value works for a local OpenAI-compatible server).`,
      );
    }
    this.apiKey = apiKey;
    this.client = new OpenAI({
      apiKey,
      maxRetries: 0,
      timeout: options.timeoutMs,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.endpoint = describeEndpoint(this.client.baseURL);
    // The client also reads OPENAI_BASE_URL itself, so look at what it resolved.
    this.customEndpoint = this.endpoint !== OPENAI_ENDPOINT;
    this.strategy = new ProviderRetryStrategy({ maxAttempts: options.maxAttempts, ...options.retry });
  }

  /** Whether requests go to a server other than api.openai.com. */
  get usesCustomEndpoint(): boolean {
    return this.customEndpoint;
  }

  /** Runs one request with retries; each attempt gets its own deadline. */
  async call<T>(operation: (signal: AbortSignal) => Promise<T>, callerSignal?: AbortSignal): Promise<T> {
    const { value, deadline } = await this.attempts(operation, callerSignal);
    deadline.dispose();
    return value;
  }

  /**
   * Opens a streamed reply with retries (only until the response starts: a reply half
   * delivered cannot be retried). The returned deadline stays armed; restart it on every
   * chunk and dispose of it when done.
   */
  openStream<T>(operation: (signal: AbortSignal) => Promise<T>, callerSignal?: AbortSignal): Promise<{ value: T; deadline: Deadline }> {
    return this.attempts(operation, callerSignal);
  }

  /** Maps a failure met while reading a stream already open. */
  streamError(error: unknown, deadline: Deadline, callerSignal?: AbortSignal): unknown {
    return this.toError(deadline.expired ? new DeadlineExceededError(deadline.timeoutMs) : error, 1, callerSignal);
  }

  /** A response that does not have the shape the API promises. */
  badResponse(detail: string): ProviderError {
    return new ProviderError(PROVIDER, 'bad_response', `${this.endpoint} returned an unexpected response: ${this.redact(detail)}`);
  }

  private async attempts<T>(operation: (signal: AbortSignal) => Promise<T>, callerSignal: AbortSignal | undefined): Promise<{ value: T; deadline: Deadline }> {
    let attemptsMade = 0;
    try {
      return await runWithRetries(
        this.strategy,
        async (attemptNumber) => {
          attemptsMade = attemptNumber;
          const deadline = new Deadline(this.options.timeoutMs, callerSignal);
          try {
            return { value: await operation(deadline.signal), deadline };
          } catch (error) {
            deadline.dispose();
            throw deadline.expired ? new DeadlineExceededError(deadline.timeoutMs) : error;
          }
        },
        (error) => this.classify(error, callerSignal),
        callerSignal,
      );
    } catch (error) {
      throw this.toError(error, Math.max(1, attemptsMade), callerSignal);
    }
  }

  private classify(error: unknown, callerSignal: AbortSignal | undefined): ParsedRetryErrorInfo | undefined {
    if (callerSignal?.aborted) return undefined;
    const info = (errorType: ParsedRetryErrorInfo['errorType'], headers?: Headers): ParsedRetryErrorInfo => {
      const retryAfterMs = parseRetryAfterMs(headers);
      return { errorType, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    };
    if (error instanceof DeadlineExceededError || error instanceof APIConnectionTimeoutError) return info('TRANSIENT');
    if (error instanceof APIUserAbortError) return undefined;
    if (error instanceof APIConnectionError) return info('TRANSIENT');
    if (error instanceof APIError && typeof error.status === 'number') {
      if (error.status === 429) return isQuotaExhausted(error) ? info('CLIENT_ERROR') : info('THROTTLING', error.headers);
      if (error.status >= 500) return info('TRANSIENT', error.headers);
      if (error.status === 408) return info('TRANSIENT', error.headers);
    }
    return info('CLIENT_ERROR');
  }

  private toError(error: unknown, attempts: number, callerSignal: AbortSignal | undefined): unknown {
    if (callerSignal?.aborted) return callerSignal.reason ?? error;
    if (error instanceof ProviderError) return error;
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;

    if (error instanceof DeadlineExceededError || error instanceof APIConnectionTimeoutError) {
      return new ProviderError(PROVIDER, 'timeout', `${this.endpoint} did not answer within ${this.options.timeoutMs} ms (${tries}).`);
    }
    if (error instanceof APIConnectionError) {
      const cause = networkCause(error);
      return new ProviderError(
        PROVIDER,
        'unavailable',
        `cannot reach ${this.endpoint} (${this.redact(clip(String(cause), 120))}) after ${tries}${this.customEndpoint ? '; check OPENAI_BASE_URL' : ''}.`,
      );
    }
    if (error instanceof APIError && typeof error.status === 'number') {
      const status = error.status;
      const detail = this.serverMessage(error);
      if (status === 401 || status === 403) {
        return new ProviderError(
          PROVIDER,
          'auth',
          `${this.endpoint} rejected the API key (HTTP ${status}); check ${this.apiKeySource}${this.customEndpoint ? ' and OPENAI_BASE_URL' : ''}.${detail}`,
          status,
        );
      }
      if (status === 429) {
        if (isQuotaExhausted(error)) {
          return new ProviderError(
            PROVIDER,
            'rate_limited',
            `the account's quota is exhausted (HTTP 429 insufficient_quota); check the plan and billing of the key in ${this.apiKeySource}.${detail}`,
            status,
          );
        }
        const retryAfterMs = parseRetryAfterMs(error.headers);
        const wait = retryAfterMs === undefined ? '' : ` The server asked to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
        return new ProviderError(
          PROVIDER,
          'rate_limited',
          `rate limited (HTTP 429) after ${tries}; lower the concurrency or try again later.${wait}${detail}`,
          status,
        );
      }
      if (status >= 500) {
        return new ProviderError(PROVIDER, 'unavailable', `${this.endpoint} failed with HTTP ${status} after ${tries}.${detail}`, status);
      }
      return new ProviderError(PROVIDER, 'bad_request', `${this.endpoint} rejected the request (HTTP ${status}).${detail}`, status);
    }
    // By name, not instanceof: fetch's JSON parser may throw a SyntaxError from another realm.
    const { name, message } = describeThrown(error);
    if (name === 'SyntaxError') return this.badResponse(`the body is not valid JSON (${clip(message, 120)})`);
    return new ProviderError(PROVIDER, 'unavailable', `request to ${this.endpoint} failed: ${this.redact(clip(message, 200))}`);
  }

  /** The provider's own explanation, without anything key-like, as " Server said: …". */
  private serverMessage(error: APIError): string {
    const body = error.error as { message?: unknown } | undefined;
    const text = typeof body?.message === 'string' ? body.message : '';
    return text ? ` Server said: ${this.redact(clip(text))}` : '';
  }

  private redact(text: string): string {
    return redactSecrets(text, [this.apiKey]);
  }
}

/** The most telling part of a connection failure: fetch wraps the socket error ("ECONNREFUSED") in its cause chain. */
function networkCause(error: APIConnectionError): string {
  let current: unknown = error.cause;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    if (cause === undefined) return describeThrown(current).message;
    current = cause;
  }
  return error.message;
}

function describeThrown(error: unknown): { name: string; message: string } {
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return { name: typeof name === 'string' ? name : 'Error', message: typeof message === 'string' ? message : String(error) };
  }
  return { name: 'Error', message: String(error) };
}

function isQuotaExhausted(error: APIError): boolean {
  return error.code === 'insufficient_quota' || (error.error as { type?: unknown } | undefined)?.type === 'insufficient_quota';
}
