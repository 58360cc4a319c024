import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { instrumentAwsClients } from '#core/providers/aws-client-instrumentation.js';
import { BedrockConnection } from '#core/providers/bedrock-connection.js';

describe('AWS client instrumentation', () => {
  afterEach(() => {
    instrumentAwsClients((client) => client);
  });

  test('a Bedrock client the core creates goes through the registered instrumentation; one handed in is left alone', () => {
    // prepare
    const seen: unknown[] = [];
    instrumentAwsClients((client) => {
      seen.push(client);
      return client;
    });
    const given = new BedrockRuntimeClient({ region: 'us-east-1' });

    // act
    const created = new BedrockConnection({ region: 'us-east-1', timeoutMs: 1000, maxAttempts: 1 }, 'amazon.nova-lite-v1:0');
    const handedIn = new BedrockConnection({ client: given, timeoutMs: 1000, maxAttempts: 1 }, 'amazon.nova-lite-v1:0');

    // assess
    expect(seen).toEqual([created.client]);
    expect(handedIn.client).toBe(given);
  });
});
