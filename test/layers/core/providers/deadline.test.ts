import { Deadline, DeadlineExceededError } from '#core/providers/deadline.js';

describe('Deadline', () => {
  test('aborts its signal when it expires', async () => {
    const deadline = new Deadline(5);

    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve, { once: true }));

    expect(deadline.expired).toBe(true);
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineExceededError);
  });

  test('follows the caller signal without counting as expired', () => {
    const caller = new AbortController();
    const deadline = new Deadline(60_000, caller.signal);

    caller.abort(new Error('user left'));

    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.expired).toBe(false);
    deadline.dispose();
  });

  test('dispose stops the timer', async () => {
    const deadline = new Deadline(5);

    deadline.dispose();
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(deadline.signal.aborted).toBe(false);
  });
});
