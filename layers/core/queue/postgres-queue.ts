import type { Database } from '../store/database.js';
import type { ConsumableQueue, DeadLetter, QueueDepth, QueueMessage } from './queue.js';

export interface PostgresQueueOptions {
  /** @default 'ingest' */
  name?: string;
  /** How long a received message stays hidden before it is delivered again. @default 300 */
  visibilityTimeoutSeconds?: number;
  /** Receives after which a message is dead-lettered, like an SQS redrive policy. @default 5 */
  maxReceiveCount?: number;
}

interface MessageRow {
  id: number | string;
  receipt_handle: string;
  body: string;
  receive_count: number;
  sent_at: Date;
}

interface DeadLetterRow {
  id: number | string;
  message_id: number | string;
  body: string;
  receive_count: number;
  reason: string;
  sent_at: Date;
  dead_lettered_at: Date;
}

const toDeadLetter = (row: DeadLetterRow): DeadLetter => ({
  id: String(row.id),
  messageId: String(row.message_id),
  body: row.body,
  receiveCount: Number(row.receive_count),
  reason: row.reason,
  sentAt: new Date(row.sent_at).toISOString(),
  deadLetteredAt: new Date(row.dead_lettered_at).toISOString(),
});

/**
 * A durable queue in PostgreSQL with SQS semantics. Messages survive a crash (`kill -9`):
 * a message received but not deleted becomes visible again when its visibility timeout ends.
 */
export class PostgresQueue implements ConsumableQueue {
  readonly name: string;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;

  constructor(
    private readonly db: Database,
    options: PostgresQueueOptions = {},
  ) {
    this.name = options.name ?? 'ingest';
    this.visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 300;
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
  }

  async send(bodies: readonly string[]): Promise<void> {
    if (bodies.length === 0) return;
    await this.db.query('INSERT INTO queue_messages (queue, body) SELECT $1, b FROM unnest($2::text[]) AS u(b)', [this.name, [...bodies]]);
  }

  async receive(max: number): Promise<{ messages: QueueMessage[]; deadLettered: DeadLetter[] }> {
    return this.db.transaction(async (tx) => {
      // A message that was received maxReceiveCount times and came back is dead-lettered
      // instead of delivered again, as SQS does with a redrive policy.
      const dead = await tx.query<DeadLetterRow>(
        `WITH expired AS (
           DELETE FROM queue_messages
           WHERE id IN (SELECT id FROM queue_messages WHERE queue = $1 AND visible_at <= clock_timestamp() AND receive_count >= $2 FOR UPDATE SKIP LOCKED)
           RETURNING id, queue, body, receive_count, last_error, sent_at
         )
         INSERT INTO queue_dead_letters (queue, message_id, body, receive_count, reason, sent_at)
         SELECT queue, id, body, receive_count, coalesce(last_error, 'received ' || receive_count || ' times without success'), sent_at FROM expired
         RETURNING id, message_id, body, receive_count, reason, sent_at, dead_lettered_at`,
        [this.name, this.maxReceiveCount],
      );
      const rows = await tx.query<MessageRow>(
        `UPDATE queue_messages SET
           receive_count = receive_count + 1,
           receipt_handle = gen_random_uuid(),
           first_received_at = coalesce(first_received_at, clock_timestamp()),
           visible_at = clock_timestamp() + make_interval(secs => $3)
         WHERE id IN (
           SELECT id FROM queue_messages WHERE queue = $1 AND visible_at <= clock_timestamp()
           ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         RETURNING id, receipt_handle, body, receive_count, sent_at`,
        [this.name, max, this.visibilityTimeoutSeconds],
      );
      return {
        messages: rows
          .sort((a, b) => Number(a.id) - Number(b.id))
          .map((row) => ({
            messageId: String(row.id),
            receiptHandle: row.receipt_handle,
            body: row.body,
            receiveCount: Number(row.receive_count),
            sentAt: new Date(row.sent_at).toISOString(),
          })),
        deadLettered: dead.map(toDeadLetter),
      };
    });
  }

  /**
   * Makes every in-flight message visible now. Only for a single consumer that has just
   * restarted (the local stack holds the data-folder lock): whatever it had in flight when it
   * died will never be finished by anyone else.
   */
  async recoverInFlight(): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      'UPDATE queue_messages SET visible_at = clock_timestamp() WHERE queue = $1 AND visible_at > clock_timestamp() RETURNING id',
      [this.name],
    );
    return rows.length;
  }

  /** Every message body in the queue, visible or in flight (the local stack's startup check). */
  async bodies(): Promise<string[]> {
    const rows = await this.db.query<{ body: string }>('SELECT body FROM queue_messages WHERE queue = $1 ORDER BY id', [this.name]);
    return rows.map((row) => row.body);
  }

  async delete(receiptHandle: string): Promise<void> {
    await this.db.query('DELETE FROM queue_messages WHERE receipt_handle = $1', [receiptHandle]);
  }

  async release(receiptHandle: string, error: string, delaySeconds = 0): Promise<void> {
    await this.db.query('UPDATE queue_messages SET visible_at = clock_timestamp() + make_interval(secs => $2), last_error = $3 WHERE receipt_handle = $1', [
      receiptHandle,
      delaySeconds,
      error.slice(0, 2000),
    ]);
  }

  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const rows = await this.db.query<DeadLetterRow>(
      'SELECT id, message_id, body, receive_count, reason, sent_at, dead_lettered_at FROM queue_dead_letters WHERE queue = $1 ORDER BY id DESC LIMIT $2',
      [this.name, limit],
    );
    return rows.map(toDeadLetter);
  }

  async redrive(ids?: readonly string[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      const moved = await tx.query<{ id: string }>(
        `WITH taken AS (
           DELETE FROM queue_dead_letters WHERE queue = $1 AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))
           RETURNING body
         )
         INSERT INTO queue_messages (queue, body) SELECT $1, body FROM taken RETURNING id`,
        [this.name, ids ? ids.map(Number) : null],
      );
      return moved.length;
    });
  }

  async depth(): Promise<QueueDepth> {
    const rows = await this.db.query<{ visible: number; in_flight: number; dead: number }>(
      `SELECT
         (SELECT count(*)::int FROM queue_messages WHERE queue = $1 AND visible_at <= clock_timestamp()) AS visible,
         (SELECT count(*)::int FROM queue_messages WHERE queue = $1 AND visible_at > clock_timestamp()) AS in_flight,
         (SELECT count(*)::int FROM queue_dead_letters WHERE queue = $1) AS dead`,
      [this.name],
    );
    const row = rows[0]!;
    return { visible: Number(row.visible), inFlight: Number(row.in_flight), deadLetters: Number(row.dead) };
  }
}
