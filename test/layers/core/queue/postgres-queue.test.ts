import { PostgresQueue } from '#core/queue/postgres-queue.js';
import { applyMigrations } from '#core/store/migrator.js';
import { PgliteDatabase } from '#core/store/pglite-database.js';

describe('PostgresQueue', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await applyMigrations(db);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.query('DELETE FROM queue_messages');
    await db.query('DELETE FROM queue_dead_letters');
  });

  test('delivers in order, hides received messages, and deletes acknowledged ones', async () => {
    // prepare
    const queue = new PostgresQueue(db, { name: 'q1', visibilityTimeoutSeconds: 60 });
    await queue.send(['a', 'b', 'c']);

    // act
    const first = await queue.receive(2);
    const second = await queue.receive(10);
    await queue.delete(first.messages[0]!.receiptHandle);
    const depth = await queue.depth();

    // assess
    expect(first.messages.map((m) => m.body)).toEqual(['a', 'b']);
    expect(first.messages.every((m) => m.receiveCount === 1)).toBe(true);
    expect(second.messages.map((m) => m.body)).toEqual(['c']);
    expect(depth).toEqual({ visible: 0, inFlight: 2, deadLetters: 0 });
  });

  test('a released message comes back with its receive count and is dead-lettered after maxReceiveCount', async () => {
    // prepare
    const queue = new PostgresQueue(db, { name: 'q2', visibilityTimeoutSeconds: 60, maxReceiveCount: 3 });
    await queue.send(['poison']);

    // act
    const counts: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { messages } = await queue.receive(1);
      counts.push(messages[0]!.receiveCount);
      await queue.release(messages[0]!.receiptHandle, `attempt ${i + 1}: cannot parse`);
    }
    const last = await queue.receive(1);

    // assess
    expect(counts).toEqual([1, 2, 3]);
    expect(last.messages).toEqual([]);
    expect(last.deadLettered).toEqual([expect.objectContaining({ body: 'poison', receiveCount: 3, reason: 'attempt 3: cannot parse' })]);
    expect(await queue.deadLetters()).toHaveLength(1);
    expect(await queue.depth()).toEqual({ visible: 0, inFlight: 0, deadLetters: 1 });
  });

  test('a message not deleted within its visibility timeout is delivered again', async () => {
    // prepare
    const queue = new PostgresQueue(db, { name: 'q3', visibilityTimeoutSeconds: 0.2 });
    await queue.send(['x']);
    const first = await queue.receive(1);

    // act
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = await queue.receive(1);
    await queue.delete(first.messages[0]!.receiptHandle); // a stale receipt no longer deletes

    // assess
    expect(again.messages[0]).toMatchObject({ body: 'x', receiveCount: 2 });
    expect(await queue.depth()).toMatchObject({ inFlight: 1 });
  });

  test('redrive moves dead letters back with a fresh receive count', async () => {
    // prepare
    const queue = new PostgresQueue(db, { name: 'q4', visibilityTimeoutSeconds: 60, maxReceiveCount: 1 });
    await queue.send(['retry me']);
    const { messages } = await queue.receive(1);
    await queue.release(messages[0]!.receiptHandle, 'database was down');
    await queue.receive(1);

    // act
    const moved = await queue.redrive();
    const redelivered = await queue.receive(1);

    // assess
    expect(moved).toBe(1);
    expect(redelivered.messages[0]).toMatchObject({ body: 'retry me', receiveCount: 1 });
    expect(await queue.deadLetters()).toEqual([]);
  });

  test('recoverInFlight makes orphaned messages visible at once', async () => {
    // prepare
    const queue = new PostgresQueue(db, { name: 'q5', visibilityTimeoutSeconds: 600 });
    await queue.send(['in flight when the process died']);
    await queue.receive(1);

    // act
    const recovered = await queue.recoverInFlight();
    const again = await queue.receive(1);

    // assess
    expect(recovered).toBe(1);
    expect(again.messages).toHaveLength(1);
  });

  test('queues are isolated by name', async () => {
    await new PostgresQueue(db, { name: 'left' }).send(['l']);
    expect((await new PostgresQueue(db, { name: 'right' }).receive(10)).messages).toEqual([]);
  });
});
