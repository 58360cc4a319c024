/** When the list prices below were read (us-east-1, USD). */
export const MODEL_PRICES_AS_OF = '2026-12-01';

/**
 * List prices per million tokens of the models the providers default to; the insights estimate
 * token cost with them, and `npm run cost` prices a deployment's questions and pages with them.
 */
export const MODEL_TOKEN_PRICES_PER_MILLION: Readonly<Record<string, { input: number; output?: number }>> = {
  'us.amazon.nova-lite-v1:0': { input: 0.06, output: 0.24 },
  'amazon.nova-lite-v1:0': { input: 0.06, output: 0.24 },
  'amazon.titan-embed-text-v2:0': { input: 0.02 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'text-embedding-3-large': { input: 0.13 },
  'text-embedding-3-small': { input: 0.02 },
};

/** The model name inside a provider id: "openai:text-embedding-3-large@3072" → "text-embedding-3-large". */
export function modelNameOf(providerId: string): { provider: string; model: string } {
  const colon = providerId.indexOf(':');
  const provider = colon < 0 ? providerId : providerId.slice(0, colon);
  const rest = colon < 0 ? '' : providerId.slice(colon + 1);
  const at = rest.lastIndexOf('@');
  return { provider, model: at < 0 ? rest : rest.slice(0, at) };
}

/**
 * Price per million tokens of a provider's model: zero for the offline providers, undefined when
 * the model is not in the table.
 */
export function tokenPriceOf(providerId: string): { input: number; output: number } | undefined {
  const { provider, model } = modelNameOf(providerId);
  if (provider === 'local') return { input: 0, output: 0 };
  const price = MODEL_TOKEN_PRICES_PER_MILLION[model];
  return price ? { input: price.input, output: price.output ?? 0 } : undefined;
}
