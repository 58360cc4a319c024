/**
 * "n of m chunk(s)" while a large document is embedded, so its job shows progress instead of a
 * long silence. Throttled: a report only once another tenth of the chunks is done or a second
 * has passed, and none for the last batch (the final `embedded` event says it).
 */
export class EmbeddingProgress {
  private done = 0;
  private reported = 0;
  private reportedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly total: number,
    private readonly intervalMs = 1000,
  ) {}

  /** Counts `count` more chunks embedded at `now` (ms); returns the detail to report, if it is time. */
  advance(count: number, now: number): string | undefined {
    this.done += count;
    if (this.done >= this.total) return undefined;
    const step = Math.max(1, Math.ceil(this.total / 10));
    if (this.done - this.reported < step && now - this.reportedAt < this.intervalMs) return undefined;
    if (this.reportedAt === Number.NEGATIVE_INFINITY && this.done < step) return undefined;
    this.reported = this.done;
    this.reportedAt = now;
    return `${this.done} of ${this.total} chunk(s)`;
  }
}
