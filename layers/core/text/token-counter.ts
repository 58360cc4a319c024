import { countTokens as countCl100kTokens } from 'gpt-tokenizer/encoding/cl100k_base';

/** Counts model tokens. Chunk budgets are in tokens because that is what models limit. */
export type TokenCounter = (text: string) => number;

// Documents are plain text: one that mentions "<|endoftext|>" (a page about tokenizers, say)
// must be counted like any other text, not refused as a special token.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * cl100k_base, the encoding of OpenAI's embedding models; a good proxy for other
 * models' tokenizers too, and exact for text-embedding-3-*.
 */
export const countTokens: TokenCounter = (text) => (text.length === 0 ? 0 : countCl100kTokens(text, PLAIN_TEXT));
