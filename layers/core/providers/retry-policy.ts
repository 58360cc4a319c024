import { ConfiguredRetryStrategy } from '@smithy/util-retry';

/** Attempt-level facts reported before each retry, for logs and metrics. */
export interface RetryEvent {
  /** Number of the retry about to start (1 for the second attempt). */
  retry: number;
  /** How long we waited before it, in milliseconds: the backoff or the provider's Retry-After, whichever is longer. */
  delayMs: number;
  errorType: RetryErrorType;
  /** What the provider asked for through Retry-After, when it did. */
  retryAfterMs?: number;
}

/** Fine-tuning of the backoff; the defaults suit production. */
export interface RetryTuning {
  /** Base of the exponential backoff (doubles per retry, with jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** Upper bound of one backoff. Default 20 s. */
  maxDelayMs?: number;
  /** Longest Retry-After we are willing to wait; a longer one fails the call at once. Default 60 s. */
  maxRetryAfterMs?: number;
  onRetry?: (event: RetryEvent) => void;
}

export interface RetrySettings extends RetryTuning {
  /** Total attempts, the first one included. */
  maxAttempts: number;
}

type BaseStrategy = ConfiguredRetryStrategy;
export type RetryToken = Awaited<ReturnType<BaseStrategy['acquireInitialRetryToken']>>;
export type RetryErrorInfo = Parameters<BaseStrategy['refreshRetryTokenForRetry']>[1];
export type RetryErrorType = RetryErrorInfo['errorType'];

/** Error info that may carry the exact Retry-After we parsed (a Date loses precision to clock drift). */
export interface ParsedRetryErrorInfo extends RetryErrorInfo {
  retryAfterMs?: number;
}

export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
export const DEFAULT_RETRY_MAX_DELAY_MS = 20_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * Exponential backoff with "equal jitter": half of the delay is fixed, half random, so that
 * concurrent callers spread out without ever retrying immediately.
 */
export function backoffDelayMs(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Thrown by the strategy when the provider asks for a longer wait than we accept. */
export class RetryAfterTooLongError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`the provider asked to wait ${Math.ceil(retryAfterMs / 1000)} s before retrying`);
    this.name = 'RetryAfterTooLongError';
  }
}

/**
 * The SDK's standard strategy (retry quota, attempt limit, throttling vs transient
 * classification) with our backoff, and a Retry-After that is honoured in full: the base
 * class caps it at backoff + 5 s, which makes a throttled caller retry too early and burn
 * its attempts. Usable both as an AWS SDK `retryStrategy` and by {@link runWithRetries}.
 */
export class ProviderRetryStrategy extends ConfiguredRetryStrategy {
  private readonly maxRetryAfterMs: number;
  private readonly onRetry: ((event: RetryEvent) => void) | undefined;

  constructor(settings: RetrySettings) {
    const baseDelayMs = settings.baseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
    const maxDelayMs = settings.maxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS;
    super(Math.max(1, Math.floor(settings.maxAttempts)), (retry: number) => backoffDelayMs(retry, baseDelayMs, maxDelayMs));
    this.maxRetryAfterMs = settings.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.onRetry = settings.onRetry;
  }

  override async refreshRetryTokenForRetry(token: RetryToken, errorInfo: ParsedRetryErrorInfo): Promise<RetryToken> {
    const retryAfterMs = errorInfo.retryAfterMs ?? (errorInfo.retryAfterHint ? Math.max(0, errorInfo.retryAfterHint.getTime() - Date.now()) : undefined);
    const retryable = errorInfo.errorType === 'THROTTLING' || errorInfo.errorType === 'TRANSIENT';
    if (retryable && retryAfterMs !== undefined && retryAfterMs > this.maxRetryAfterMs) throw new RetryAfterTooLongError(retryAfterMs);

    const { retryAfterHint: _capped, retryAfterMs: _parsed, ...withoutHint } = errorInfo;
    const next = await super.refreshRetryTokenForRetry(token, withoutHint);
    const backoffMs = (next as { $retryLog?: { acquisitionDelay?: number } }).$retryLog?.acquisitionDelay ?? 0;
    const extraMs = retryAfterMs === undefined ? 0 : Math.max(0, retryAfterMs - backoffMs);
    if (extraMs > 0) await sleep(extraMs);
    this.onRetry?.({
      retry: next.getRetryCount(),
      delayMs: backoffMs + extraMs,
      errorType: errorInfo.errorType,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    return next;
  }
}

/**
 * Runs `attempt` until it succeeds or the strategy refuses another try. `classify` turns a
 * failure into retry info; returning undefined rethrows at once (e.g. the caller aborted).
 * The original error of the last attempt is what gets thrown.
 */
export async function runWithRetries<T>(
  strategy: ProviderRetryStrategy,
  attempt: (attemptNumber: number) => Promise<T>,
  classify: (error: unknown) => ParsedRetryErrorInfo | undefined,
  signal?: AbortSignal,
): Promise<T> {
  let token = await strategy.acquireInitialRetryToken('');
  for (;;) {
    signal?.throwIfAborted();
    try {
      const result = await attempt(token.getRetryCount() + 1);
      strategy.recordSuccess(token);
      return result;
    } catch (error) {
      const info = classify(error);
      if (!info) throw error;
      try {
        token = await strategy.refreshRetryTokenForRetry(token, info);
      } catch {
        // Out of attempts, out of retry quota, or a Retry-After longer than we accept.
        throw error;
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
