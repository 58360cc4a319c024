import { backoffDelayMs, ProviderRetryStrategy, runWithRetries, type ParsedRetryErrorInfo, type RetryEvent } from '#core/providers/retry-policy.js';

class FlakyError extends Error {
  constructor(readonly info: ParsedRetryErrorInfo) {
    super(info.errorType);
  }
}

const classify = (error: unknown) => (error instanceof FlakyError ? error.info : undefined);

describe('backoffDelayMs', () => {
  test.each([
    [1, 0, 50],
    [1, 1, 100],
    [2, 0, 100],
    [3, 1, 400],
    [10, 1, 1000],
  ])('retry %i with random %d → %i ms (base 100, max 1000)', (retry, random, expected) => {
    expect(backoffDelayMs(retry, 100, 1000, () => random)).toBe(expected);
  });
});

describe('runWithRetries with ProviderRetryStrategy', () => {
  test('retries throttling and transient failures, then succeeds', async () => {
    // prepare
    const events: RetryEvent[] = [];
    const strategy = new ProviderRetryStrategy({ maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2, onRetry: (e) => events.push(e) });
    const failures = [new FlakyError({ errorType: 'THROTTLING' }), new FlakyError({ errorType: 'TRANSIENT' })];
    const attempts: number[] = [];

    // act
    const result = await runWithRetries(
      strategy,
      async (attempt) => {
        attempts.push(attempt);
        const failure = failures.shift();
        if (failure) throw failure;
        return 'ok';
      },
      classify,
    );

    // assess
    expect(result).toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
    expect(events.map((e) => [e.retry, e.errorType])).toEqual([
      [1, 'THROTTLING'],
      [2, 'TRANSIENT'],
    ]);
  });

  test('waits at least what Retry-After asks for, not just the backoff', async () => {
    const events: RetryEvent[] = [];
    const strategy = new ProviderRetryStrategy({ maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, onRetry: (e) => events.push(e) });
    let calls = 0;

    await runWithRetries(
      strategy,
      async () => {
        if (calls++ === 0) throw new FlakyError({ errorType: 'THROTTLING', retryAfterMs: 30 });
        return 'ok';
      },
      classify,
    );

    expect(events).toHaveLength(1);
    expect(events[0]?.retryAfterMs).toBe(30);
    expect(events[0]?.delayMs).toBeGreaterThanOrEqual(30);
  });

  test('gives up at once when Retry-After exceeds the limit', async () => {
    const strategy = new ProviderRetryStrategy({ maxAttempts: 5, baseDelayMs: 1, maxRetryAfterMs: 1000 });
    let calls = 0;

    const run = runWithRetries(
      strategy,
      async () => {
        calls++;
        throw new FlakyError({ errorType: 'THROTTLING', retryAfterMs: 120_000 });
      },
      classify,
    );

    await expect(run).rejects.toBeInstanceOf(FlakyError);
    expect(calls).toBe(1);
  });

  test('stops after maxAttempts and throws the last error', async () => {
    const strategy = new ProviderRetryStrategy({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 });
    let calls = 0;

    const run = runWithRetries(
      strategy,
      async () => {
        calls++;
        throw new FlakyError({ errorType: 'TRANSIENT' });
      },
      classify,
    );

    await expect(run).rejects.toBeInstanceOf(FlakyError);
    expect(calls).toBe(3);
  });

  test.each([
    ['a client error', (): unknown => new FlakyError({ errorType: 'CLIENT_ERROR' })],
    ['an unclassified error', (): unknown => new Error('caller aborted')],
  ])('does not retry %s', async (_name, makeError) => {
    const strategy = new ProviderRetryStrategy({ maxAttempts: 5, baseDelayMs: 1 });
    let calls = 0;
    const error = makeError();

    const run = runWithRetries(
      strategy,
      async () => {
        calls++;
        throw error;
      },
      classify,
    );

    await expect(run).rejects.toBe(error);
    expect(calls).toBe(1);
  });
});
