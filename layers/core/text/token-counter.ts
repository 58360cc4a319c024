import { countTokens as countCl100kTokens } from 'gpt-tokenizer/encoding/cl100k_base';

/** Counts model tokens. Chunk budgets are in tokens because that is what models limit. */
export type TokenCounter = (text: string) => number;

/**
 * cl100k_base, the encoding of OpenAI's embedding models; a good proxy for other
 * models' tokenizers too, and exact for text-embedding-3-*.
 */
export const countTokens: TokenCounter = (text) => (text.length === 0 ? 0 : countCl100kTokens(text));
