import { clip, describeEndpoint, redactSecrets } from '#core/providers/redact.js';

describe('redactSecrets', () => {
  test.each([
    ['a listed secret', 'key my-secret-value was wrong', ['my-secret-value'], 'key [redacted] was wrong'],
    ['an OpenAI-shaped key, even partly masked', 'Incorrect API key provided: sk-proj-abc1****wxyz.', [], 'Incorrect API key provided: [redacted].'],
    ['a bearer token', 'sent Authorization: Bearer abc.def-123', [], 'sent Authorization: [redacted]'],
    ['every occurrence', 'xyzw and xyzw', ['xyzw'], '[redacted] and [redacted]'],
    ['nothing secret', 'model not found', ['unrelated-secret'], 'model not found'],
    ['too short to be a key', 'a b c', ['a'], 'a b c'],
  ])('hides %s', (_name, text, secrets, expected) => {
    expect(redactSecrets(text, secrets)).toBe(expected);
  });
});

describe('describeEndpoint', () => {
  test.each([
    ['https://user:pass@example.com/v1/?token=abc', 'https://example.com/v1'],
    ['http://127.0.0.1:11434/v1', 'http://127.0.0.1:11434/v1'],
    ['not a url', 'the configured endpoint'],
    [undefined, 'the default endpoint'],
  ])('%s → %s', (url, expected) => {
    expect(describeEndpoint(url)).toBe(expected);
  });
});

test('clip shortens long text to one line', () => {
  const clipped = clip(`first line\nsecond ${'x'.repeat(500)}`, 20);

  expect(clipped).toHaveLength(20);
  expect(clipped).toMatch(/^first line second x+…$/);
});
