import { createHash, randomUUID } from 'node:crypto';

export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly sentTimestamp: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  visibleAt: number;
  receiptHandle?: string;
}

export interface SqsQueueSettings {
  readonly arn: string;
  readonly url: string;
  readonly visibilityTimeoutSeconds: number;
  readonly redrive?: { readonly deadLetterTargetArn: string; readonly maxReceiveCount: number };
}

/** A clock the harness can move forward, so a visibility timeout of half an hour passes in a test. */
export class HarnessClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/**
 * An SQS standard queue with the template's settings: a received message is invisible for the visibility timeout and
 * comes back unless deleted; one received more than maxReceiveCount times moves to the dead-letter queue instead.
 */
export class SqsQueue {
  private messages: QueueMessage[] = [];

  constructor(
    readonly settings: SqsQueueSettings,
    private readonly clock: HarnessClock,
    private readonly deadLetterQueue?: (arn: string) => SqsQueue | undefined,
  ) {}

  get arn(): string {
    return this.settings.arn;
  }

  send(body: string): QueueMessage {
    const now = this.clock.now();
    const message: QueueMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: createHash('md5').update(body).digest('hex'),
      sentTimestamp: now,
      receiveCount: 0,
      visibleAt: now,
    };
    this.messages.push(message);
    return message;
  }

  /** Messages that are visible now, up to `max`; each becomes invisible for the visibility timeout. */
  receive(max: number): QueueMessage[] {
    const now = this.clock.now();
    const out: QueueMessage[] = [];
    for (const message of [...this.messages]) {
      if (out.length >= max) break;
      if (message.visibleAt > now) continue;
      const redrive = this.settings.redrive;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        // SQS moves the message when a receive would exceed maxReceiveCount.
        this.messages = this.messages.filter((candidate) => candidate !== message);
        const target = this.deadLetterQueue?.(redrive.deadLetterTargetArn);
        if (!target) throw new Error(`No dead-letter queue ${redrive.deadLetterTargetArn}`);
        target.messages.push({ ...message, visibleAt: now, receiptHandle: undefined });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.visibleAt = now + this.settings.visibilityTimeoutSeconds * 1000;
      message.receiptHandle = randomUUID();
      out.push(message);
    }
    return out;
  }

  /** Deletes a received message by its receipt handle; false when the handle is stale. */
  delete(receiptHandle: string): boolean {
    const before = this.messages.length;
    this.messages = this.messages.filter((message) => message.receiptHandle !== receiptHandle);
    return this.messages.length < before;
  }

  /** All messages, visible or in flight. */
  get depth(): number {
    return this.messages.length;
  }

  get visibleCount(): number {
    const now = this.clock.now();
    return this.messages.filter((message) => message.visibleAt <= now).length;
  }

  peek(): readonly QueueMessage[] {
    return this.messages;
  }
}
