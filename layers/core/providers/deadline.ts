/** Raised when a provider call produced nothing within its time budget. */
export class DeadlineExceededError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * A restartable timer that aborts a signal. One covers one attempt of a request; a streamed
 * reply restarts it on every chunk so that the budget bounds silence, not total length.
 * The signal also follows the caller's own signal, so either can cancel the request.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private expiredFlag = false;

  constructor(
    readonly timeoutMs: number,
    callerSignal?: AbortSignal,
  ) {
    this.signal = callerSignal ? AbortSignal.any([callerSignal, this.controller.signal]) : this.controller.signal;
    this.restart();
  }

  /** Whether this deadline (not the caller) cancelled the request. */
  get expired(): boolean {
    return this.expiredFlag;
  }

  restart(): void {
    if (this.expiredFlag) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.expiredFlag = true;
      this.controller.abort(new DeadlineExceededError(this.timeoutMs));
    }, this.timeoutMs);
    // A pending deadline must not keep a CLI process alive on its own.
    this.timer.unref?.();
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
