import { formatMegabytes } from '#core/text/format-megabytes.js';

describe('formatMegabytes', () => {
  test.each([
    [52_428_800, '50 MB'],
    [52_428_801, '50 MB'],
    [512 * 1024, '0.5 MB'],
    [2.5 * 1024 * 1024, '2.5 MB'],
    [1_000_000, '1 MB'],
    [30_000, '0.03 MB'],
    [0, '0 MB'],
  ])('%d bytes → %s', (bytes, expected) => {
    expect(formatMegabytes(bytes)).toBe(expected);
  });
});
