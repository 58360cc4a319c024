import { decode, encode } from 'gpt-tokenizer/encoding/cl100k_base';

/**
 * Token counting with cl100k_base, the encoding of OpenAI's embedding models. For other
 * models it is a good estimate, used where a provider does not report usage.
 *
 * Texts are encoded as plain text: a document that happens to contain "<|endoftext|>"
 * must be counted, not rejected.
 */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export function countTokens(text: string): number {
  return encode(text, PLAIN_TEXT).length;
}

export interface TruncatedText {
  text: string;
  tokens: number;
  truncated: boolean;
}

/** Cuts a text to at most `maxTokens` tokens, on a token boundary. */
export function truncateToTokens(text: string, maxTokens: number): TruncatedText {
  const tokens = encode(text, PLAIN_TEXT);
  if (tokens.length <= maxTokens) return { text, tokens: tokens.length, truncated: false };

  let limit = maxTokens;
  for (;;) {
    // A cut can split a multi-byte character, which decodes to U+FFFD; drop that remnant.
    const candidate = decode(tokens.slice(0, limit)).replace(/\uFFFD+$/, '');
    // Re-encoding a prefix can merge differently; shrink until it really fits.
    const count = encode(candidate, PLAIN_TEXT).length;
    if (count <= maxTokens || limit <= 1) return { text: candidate, tokens: count, truncated: true };
    limit -= count - maxTokens;
  }
}

/** Rough count for a chat exchange: message texts plus the few tokens of framing each message costs. */
export function estimateChatTokens(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + countTokens(text) + 4, 0);
}

/** Cuts a text to at most `maxCharacters` code points, never splitting a surrogate pair. */
export function truncateToCharacters(text: string, maxCharacters: number): string {
  if (text.length <= maxCharacters) return text;
  return Array.from(text).slice(0, maxCharacters).join('');
}
