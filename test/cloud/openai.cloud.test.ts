import { describeIngestScenarios } from './ingest-scenarios.js';

// config/openai.example.json: OpenAI models (the key in a Secrets Manager secret), RDS Proxy, prod stage.
describeIngestScenarios('config/openai.example.json', {
  // What the operator does after the first deploy: put the real key in place of the placeholder.
  prepare: (harness) => {
    const secret = harness.functionEnvironment(harness.functionByService('rag-ingest')).OPENAI_API_KEY_SECRET_ARN;
    if (!secret) throw new Error('The ingest function of the OpenAI config names no key secret');
    harness.secrets.putSecretValue(secret, 'sk-harness-openai-key');
  },
});
