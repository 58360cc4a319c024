import { isFiniteVector, l2Norm, l2Normalize } from '#core/embeddings/vector-math.js';

describe('l2Normalize', () => {
  test.each([
    [
      [3, 4],
      [0.6, 0.8],
    ],
    [
      [0, 0, 5],
      [0, 0, 1],
    ],
    [
      [-2, 0],
      [-1, 0],
    ],
    [
      [0, 0],
      [0, 0],
    ],
  ])('%j → %j', (input, expected) => {
    const result = l2Normalize(input);

    result.forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] as number, 12);
    });
  });

  test('returns unit length for arbitrary vectors', () => {
    const vector = Array.from({ length: 1024 }, (_, i) => Math.sin(i) * 7);

    expect(l2Norm(l2Normalize(vector))).toBeCloseTo(1, 12);
  });

  test('does not modify its input', () => {
    const input = [3, 4];

    l2Normalize(input);

    expect(input).toEqual([3, 4]);
  });

  test('rejects non-finite components', () => {
    expect(() => l2Normalize([1, Number.NaN])).toThrow(RangeError);
  });
});

test.each([
  [[1, 2.5, -3], true],
  [[], true],
  [[1, null], false],
  [[1, Number.POSITIVE_INFINITY], false],
  ['1,2', false],
  [undefined, false],
])('isFiniteVector(%j) is %s', (value, expected) => {
  expect(isFiniteVector(value)).toBe(expected);
});
