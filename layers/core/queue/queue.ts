/** Port: the producer side of the ingest queue (SQS in AWS; a table in the embedded database locally). */
export interface Queue {
  send(bodies: readonly string[]): Promise<void>;
}

export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  receiveCount: number;
  sentAt: string;
}

export interface DeadLetter {
  id: string;
  messageId: string;
  body: string;
  receiveCount: number;
  reason: string;
  sentAt: string;
  deadLetteredAt: string;
}

export interface QueueDepth {
  visible: number;
  inFlight: number;
  deadLetters: number;
}

/** The consumer side, with SQS semantics: visibility timeout, receive count, dead letters after N receives. */
export interface ConsumableQueue extends Queue {
  /** Up to `max` visible messages, hidden for the visibility timeout. Also returns what it moved to the dead-letter table. */
  receive(max: number): Promise<{ messages: QueueMessage[]; deadLettered: DeadLetter[] }>;
  /** Acknowledges a processed message. */
  delete(receiptHandle: string): Promise<void>;
  /** Makes a failed message visible again after `delaySeconds`, keeping its receive count and last error. */
  release(receiptHandle: string, error: string, delaySeconds?: number): Promise<void>;
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /** Moves dead letters (all, or the given ids) back to the queue with a fresh receive count. */
  redrive(ids?: readonly string[]): Promise<number>;
  depth(): Promise<QueueDepth>;
}
