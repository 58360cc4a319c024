import { modelNameOf, tokenPriceOf } from '#core/insights/model-token-prices.js';

describe('model token prices', () => {
  test.each([
    ['openai:text-embedding-3-large@3072', 'openai', 'text-embedding-3-large'],
    ['bedrock:amazon.titan-embed-text-v2:0@1024', 'bedrock', 'amazon.titan-embed-text-v2:0'],
    ['bedrock:us.amazon.nova-lite-v1:0', 'bedrock', 'us.amazon.nova-lite-v1:0'],
    ['local:hashing-v1@512', 'local', 'hashing-v1'],
  ])('%s is model %s/%s', (id, provider, model) => {
    expect(modelNameOf(id)).toEqual({ provider, model });
  });

  test.each([
    ['local:hashing-v1@512', { input: 0, output: 0 }],
    ['openai:text-embedding-3-large@3072', { input: 0.13, output: 0 }],
    ['openai:gpt-4o-mini', { input: 0.15, output: 0.6 }],
    ['openai:some-unknown-model', undefined],
  ])('%s costs %j per million tokens', (id, price) => {
    expect(tokenPriceOf(id)).toEqual(price);
  });
});
