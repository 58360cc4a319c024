import { parseRetryAfterMs } from '#core/providers/retry-after.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

describe('parseRetryAfterMs', () => {
  test.each([
    ['seconds', { 'retry-after': '2' }, 2000],
    ['fractional seconds', { 'retry-after': '0.25' }, 250],
    ['milliseconds header wins', { 'retry-after-ms': '150', 'retry-after': '9' }, 150],
    ['HTTP date', { 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }, 3000],
    ['date in the past', { 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, 0],
    ['header name in capitals', { 'Retry-After': '1' }, 1000],
    ['garbage', { 'retry-after': 'soon' }, undefined],
    ['absent', {}, undefined],
  ])('%s', (_name, headers, expected) => {
    // prepare / act
    const fromRecord = parseRetryAfterMs(headers, NOW);
    const fromHeaders = parseRetryAfterMs(new Headers(headers), NOW);

    // assess
    expect(fromRecord).toBe(expected);
    expect(fromHeaders).toBe(expected);
  });

  test('no headers at all', () => {
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
  });
});
