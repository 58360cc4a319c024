import { DatabaseUnavailableError } from '../errors.js';

export interface RetryConnectOptions {
  /** Give up once this many milliseconds have passed since the first attempt. */
  deadlineMs: number;
  /** Wait before the second attempt; doubles up to maxDelayMs. @default 250 */
  initialDelayMs?: number;
  /** @default 2000 */
  maxDelayMs?: number;
  /** Told about every failed attempt that will be retried. */
  onRetry?: (attempt: number, error: unknown) => void;
  /** @default Date.now */
  now?: () => number;
  /** @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Connects, retrying while the database is unavailable. A paused Aurora instance refuses or
 * drops connections for the seconds it takes to resume, and a rotating secret briefly fails
 * authentication elsewhere; both pass, so the caller gets one connection within its deadline
 * instead of an error on the first try. Errors other than "unavailable" are not retried.
 * `connect` receives the milliseconds left, to bound its own connect timeout.
 */
export async function connectWithRetry<T>(connect: (remainingMs: number) => Promise<T>, options: RetryConnectOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = now();
  let delay = options.initialDelayMs ?? 250;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await connect(Math.max(1, options.deadlineMs - (now() - started)));
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError)) throw error;
      const remaining = options.deadlineMs - (now() - started);
      if (remaining <= delay) throw error;
      options.onRetry?.(attempt, error);
      await sleep(delay);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 2000);
    }
  }
}
