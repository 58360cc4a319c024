import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describeError } from '#core/errors.js';
import type { ConsumableQueue, DeadLetter, QueueMessage } from '#core/queue/queue.js';

export interface LocalQueueWorkerOptions {
  /** Messages per batch, like the Lambda event source's batch size. @default 10 */
  batchSize?: number;
  /** How long to wait for a batch to fill, like MaximumBatchingWindowInSeconds. @default 300 ms */
  batchingWindowMs?: number;
  /** Idle poll interval. @default 250 ms */
  pollIntervalMs?: number;
  /** Seconds before a failed message is offered again. @default 2 */
  retryDelaySeconds?: number;
  onDeadLettered?: (letters: DeadLetter[]) => Promise<void> | void;
  log?: (line: string) => void;
}

/**
 * The local twin of Lambda's SQS event source mapping: polls the durable queue, hands each
 * batch to the very handler the ingest Lambda runs (an SQSEvent in, an SQSBatchResponse
 * out), deletes what succeeded and releases what failed for a later retry.
 */
export class LocalQueueWorker {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private idleWaiters: (() => void)[] = [];
  private busy = false;

  constructor(
    private readonly queue: ConsumableQueue,
    private readonly handler: (event: SQSEvent, reportFailure: (messageId: string, reason: string) => void) => Promise<SQSBatchResponse>,
    private readonly options: LocalQueueWorkerOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Wakes the worker now (a message was just sent) instead of at the next poll. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Resolves when the queue has nothing visible and no batch is in progress (tests, sample loading). */
  async drained(): Promise<void> {
    for (;;) {
      const depth = await this.queue.depth();
      if (depth.visible === 0 && depth.inFlight === 0 && !this.busy) return;
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 10;
    while (this.running) {
      let processed = false;
      try {
        processed = await this.pollOnce(batchSize);
      } catch (error) {
        this.options.log?.(`queue worker: ${describeError(error)}`);
      }
      if (!processed) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
        if (this.running) await this.sleep(this.options.pollIntervalMs ?? 250);
      }
    }
  }

  private async pollOnce(batchSize: number): Promise<boolean> {
    const first = await this.queue.receive(batchSize);
    await this.reportDeadLetters(first.deadLettered);
    if (first.messages.length === 0) return false;
    this.busy = true;
    try {
      const messages = [...first.messages];
      const windowMs = this.options.batchingWindowMs ?? 300;
      const deadline = Date.now() + windowMs;
      while (messages.length < batchSize && Date.now() < deadline && this.running) {
        await this.sleep(Math.min(50, Math.max(0, deadline - Date.now())));
        const more = await this.queue.receive(batchSize - messages.length);
        await this.reportDeadLetters(more.deadLettered);
        messages.push(...more.messages);
      }
      await this.deliver(messages);
      return true;
    } finally {
      this.busy = false;
    }
  }

  private async reportDeadLetters(letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    this.options.log?.(`queue worker: ${letters.length} message(s) moved to the dead-letter table`);
    await this.options.onDeadLettered?.(letters);
  }

  private async deliver(messages: QueueMessage[]): Promise<void> {
    const event: SQSEvent = { Records: messages.map(toRecord) };
    let failed: Set<string>;
    let reason = 'the ingest handler reported this message as failed';
    const reasons = new Map<string, string>();
    try {
      const response = await this.handler(event, (messageId, why) => reasons.set(messageId, why));
      failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch (error) {
      // A handler that throws fails the whole batch, as with Lambda.
      reason = describeError(error);
      this.options.log?.(`queue worker: batch failed: ${reason}`);
      failed = new Set(messages.map((message) => message.messageId));
    }
    for (const message of messages) {
      if (failed.has(message.messageId)) {
        await this.queue.release(message.receiptHandle, reasons.get(message.messageId) ?? reason, this.options.retryDelaySeconds ?? 2);
      } else await this.queue.delete(message.receiptHandle);
    }
  }
}

function toRecord(message: QueueMessage): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(Date.parse(message.sentAt)),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:ingest',
    awsRegion: 'local',
  };
}
