import { mapWithConcurrency } from '#core/providers/concurrency.js';

describe('mapWithConcurrency', () => {
  test('keeps input order and never exceeds the limit', async () => {
    // prepare
    let inFlight = 0;
    let maxInFlight = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);

    // act
    const results = await mapWithConcurrency(items, 3, async (item) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Later items finish first, to show order comes from the index, not completion.
      await new Promise((resolve) => setTimeout(resolve, (20 - item) % 5));
      inFlight--;
      return item * 10;
    });

    // assess
    expect(results).toEqual(items.map((i) => i * 10));
    expect(maxInFlight).toBe(3);
  });

  test('stops starting new calls after a failure and rethrows it', async () => {
    const started: number[] = [];

    const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 1, async (item) => {
      started.push(item);
      if (item === 2) throw new Error('boom at 2');
      return item;
    });

    await expect(run).rejects.toThrow('boom at 2');
    expect(started).toEqual([0, 1, 2]);
  });

  test('empty input', async () => {
    await expect(mapWithConcurrency([], 4, async () => 1)).resolves.toEqual([]);
  });
});
