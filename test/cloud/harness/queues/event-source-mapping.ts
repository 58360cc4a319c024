import type { FunctionRunner, InvokeResult } from '../functions/function-runner.js';
import { credentialsForRole } from '../functions/role-credentials.js';
import type { Authorizer } from '../iam/authorizer.js';
import type { QueueMessage, SqsQueue } from './sqs-queue.js';

export interface EventSourceMappingSettings {
  readonly functionLogicalId: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly maximumConcurrency: number;
  readonly region: string;
}

export interface DeliveredBatch {
  readonly messageIds: string[];
  readonly outcome: InvokeResult;
  /** Messages deleted from the queue after the invocation. */
  readonly deleted: string[];
}

/**
 * Lambda's SQS poller for one event source mapping: batches of up to BatchSize, gathered for up to the batching
 * window, at most MaximumConcurrency invocations at once, with the function role's permissions on the queue. On
 * success it deletes the batch; with ReportBatchItemFailures only the messages not reported failed; on an error none.
 */
export class EventSourceMapping {
  readonly batches: DeliveredBatch[] = [];
  private inFlight = 0;
  private running = false;
  private loop?: Promise<void>;
  private readonly active = new Set<Promise<void>>();

  constructor(
    readonly queue: SqsQueue,
    private readonly runner: FunctionRunner,
    private readonly authorizer: Authorizer,
    readonly settings: EventSourceMappingSettings,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.poll();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all([...this.active]);
  }

  /** Resolves once the queue has no visible message and no invocation runs. */
  async drained(timeoutMs = 240_000): Promise<void> {
    const started = Date.now();
    while (this.queue.visibleCount > 0 || this.inFlight > 0) {
      if (Date.now() - started > timeoutMs)
        throw new Error(`Queue not drained after ${timeoutMs} ms (${this.queue.visibleCount} visible, ${this.inFlight} running)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private allowed(action: string): boolean {
    const accessKeyId = credentialsForRole(this.runner.roleOf(this.settings.functionLogicalId)).accessKeyId;
    return this.authorizer.authorize(accessKeyId, action, this.queue.arn).allowed;
  }

  private async poll(): Promise<void> {
    const windowMs = this.settings.maximumBatchingWindowSeconds * 1000;
    while (this.running) {
      if (this.inFlight >= this.settings.maximumConcurrency || this.queue.visibleCount === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      // The batching window: wait for a full batch, or until the window closes.
      const windowStart = Date.now();
      while (this.running && this.queue.visibleCount < this.settings.batchSize && Date.now() - windowStart < windowMs) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (!this.allowed('sqs:ReceiveMessage')) throw new Error('The function role may not receive from its event source queue');
      const messages = this.queue.receive(this.settings.batchSize);
      if (messages.length === 0) continue;
      this.inFlight += 1;
      const delivery = this.deliver(messages).finally(() => {
        this.inFlight -= 1;
        this.active.delete(delivery);
      });
      this.active.add(delivery);
    }
  }

  private async deliver(messages: QueueMessage[]): Promise<void> {
    const event = {
      Records: messages.map((message) => ({
        messageId: message.messageId,
        receiptHandle: message.receiptHandle,
        body: message.body,
        attributes: {
          ApproximateReceiveCount: String(message.receiveCount),
          SentTimestamp: String(message.sentTimestamp),
          SenderId: 'AIDAIENQZJOLO23YVJ4VO',
          ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
        },
        messageAttributes: {},
        md5OfBody: message.md5OfBody,
        eventSource: 'aws:sqs',
        eventSourceARN: this.queue.arn,
        awsRegion: this.settings.region,
      })),
    };
    const outcome = await this.runner.invoke(this.settings.functionLogicalId, event);
    let keep = new Set<string>();
    if (outcome.error) keep = new Set(messages.map((message) => message.messageId));
    else if (this.settings.reportBatchItemFailures) {
      const failures = (outcome.result as { batchItemFailures?: Array<{ itemIdentifier?: string }> } | null)?.batchItemFailures ?? [];
      const ids = new Set(messages.map((message) => message.messageId));
      // An invalid identifier fails the whole batch, as Lambda treats it.
      keep = failures.every((failure) => failure.itemIdentifier && ids.has(failure.itemIdentifier))
        ? new Set(failures.map((failure) => failure.itemIdentifier!))
        : ids;
    }
    const deleted: string[] = [];
    if (this.allowed('sqs:DeleteMessage')) {
      for (const message of messages) {
        if (keep.has(message.messageId)) continue;
        if (this.queue.delete(message.receiptHandle!)) deleted.push(message.messageId);
      }
    }
    this.batches.push({ messageIds: messages.map((message) => message.messageId), outcome, deleted });
  }
}
