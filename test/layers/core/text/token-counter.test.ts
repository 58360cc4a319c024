import { countTokens } from '#core/text/token-counter.js';

describe('countTokens', () => {
  test.each([
    ['empty text', '', 0],
    ['plain English', 'hello world', 2],
    ['an end-of-text marker as plain text', 'hello <|endoftext|> world', 8],
    ['a chat marker as plain text', '<|im_start|>user', 7],
  ])('counts %s', (_name, text, expected) => {
    // act
    const tokens = countTokens(text);

    // assess
    expect(tokens).toBe(expected);
  });
});
