import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens, truncateToCharacters, truncateToTokens } from '#core/providers/token-count.js';

describe('countTokens', () => {
  test('counts cl100k tokens', () => {
    expect(countTokens('hello world')).toBe(2);
  });

  test('treats special-token text as plain text instead of throwing', () => {
    expect(countTokens('before <|endoftext|> after')).toBeGreaterThan(3);
  });
});

describe('truncateToTokens', () => {
  test('leaves a short text alone', () => {
    expect(truncateToTokens('¿Dónde está la biblioteca?', 100)).toEqual({
      text: '¿Dónde está la biblioteca?',
      tokens: countTokens('¿Dónde está la biblioteca?'),
      truncated: false,
    });
  });

  test.each([
    ['English', 'The quick brown fox jumps over the lazy dog. '],
    ['Spanish with accents', 'El pingüino comió ñoquis en la montaña. '],
    ['emoji and CJK', '😀 数据 ü '],
  ])('cuts a long %s text to a prefix within the budget', (_name, sentence) => {
    // prepare
    const text = sentence.repeat(400);

    // act
    const result = truncateToTokens(text, 100);

    // assess
    expect(result.truncated).toBe(true);
    expect(result.tokens).toBeLessThanOrEqual(100);
    expect(result.tokens).toBeGreaterThan(90);
    expect(encode(result.text, { disallowedSpecial: new Set() }).length).toBe(result.tokens);
    expect(text.startsWith(result.text)).toBe(true);
    expect(result.text).not.toMatch(/\uFFFD/);
  });
});

test('truncateToCharacters never splits a surrogate pair', () => {
  expect(truncateToCharacters('a😀b😀c', 3)).toBe('a😀b');
  expect(truncateToCharacters('short', 10)).toBe('short');
});
