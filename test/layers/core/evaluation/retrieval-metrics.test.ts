import { goldRank, summarizeRetrieval } from '#core/evaluation/index.js';

describe('goldRank', () => {
  test.each([
    [['a', 'b', 'c'], ['a'], 1],
    [['x', 'x', 'a'], ['a'], 3],
    [['x', 'y'], ['a'], undefined],
    [['x', 'b', 'a'], ['a', 'b'], 2],
    [[], ['a'], undefined],
  ])('%j with gold %j → %s', (retrieved, gold, expected) => {
    expect(goldRank(retrieved, gold)).toBe(expected);
  });
});

describe('summarizeRetrieval', () => {
  test('recall@k and MRR over ranks, misses count as 0', () => {
    // prepare
    const ranks = [1, 2, 4, undefined];

    // act
    const summary = summarizeRetrieval(ranks, [1, 3, 10]);

    // assess
    expect(summary.questions).toBe(4);
    expect(summary.recall).toEqual({ 1: 0.25, 3: 0.5, 10: 0.75 });
    expect(summary.mrr).toBeCloseTo((1 + 0.5 + 0.25) / 4, 10);
  });

  test('no questions gives zeros, not NaN', () => {
    expect(summarizeRetrieval([])).toEqual({ questions: 0, recall: { 1: 0, 3: 0, 10: 0 }, mrr: 0 });
  });
});
