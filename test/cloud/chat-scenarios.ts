import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import os from 'node:os';
import path from 'node:path';
import { TemplateApi } from './harness/api-gateway/template-api.js';
import { CloudHarness } from './harness/cloud-harness.js';
import { synthesizeApp } from './harness/template/load-template.js';

/** How long the database refuses connections before a cold chat request: a paused Aurora resuming. */
export const DATABASE_RESUME_MS = 20_000;

const DOCUMENT_KEY = 'api-uploads/travel-policy.md';
const DOCUMENT = [
  '# Travel policy',
  '',
  '## Flights',
  '',
  'Employees book economy class for flights under six hours. Business class is allowed for flights longer than six hours.',
  '',
  '## Hotels',
  '',
  'The nightly hotel limit is 180 euros in Madrid and 220 dollars in New York.',
].join('\n');

export interface ChatScenarioOptions {
  /** The shipped config file, relative to the repository root. */
  configFile: string;
  /** The config file to synthesize, when the scenario needs a copy of the shipped one (e.g. pointed at a local model server). @default configFile */
  synthesizedConfigFile?: () => string;
  /** Emulators beyond the core harness's (e.g. an OpenAI-compatible server), started before the harness. */
  extras?: () => Promise<{ close: () => Promise<void> }>;
}

interface ChatResponseBody {
  answer?: string;
  answerMode?: string;
  intent?: string;
  citations?: { n: number; source: string; title?: string; excerpt?: string }[];
  usage?: { embeddingTokens: number; llmInputTokens: number; llmOutputTokens: number };
  error?: { code: string; message: string };
}

/**
 * The chat path of one shipped config, executed from its synthesized template: API Gateway
 * (Cognito authorizer, request validator, VTL to StartSyncExecution) → the EXPRESS workflow
 * → improve, retrieve and answer run from their cdk.out bundles, against a document the
 * ingest function indexed from the raw bucket.
 */
export function describeChatPath(options: ChatScenarioOptions): void {
  const name = path.basename(options.configFile, '.json');

  describe(`chat path of ${options.configFile}`, () => {
    let harness: CloudHarness;
    let api: TemplateApi;
    let closeExtras: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const extras = await options.extras?.();
      closeExtras = extras?.close;
      const configFile = options.synthesizedConfigFile?.() ?? options.configFile;
      const app = await synthesizeApp({ configFile, outDir: path.join(os.tmpdir(), 'rag-cloud-synth', name) });
      harness = await CloudHarness.start({ app });
      // The migration function itself, as the custom resource provider calls it on Create.
      const migrationResource = harness.logicalIdOfType('Custom::RagSchemaMigration');
      const migration = await harness.runner.invoke(harness.functionByService('rag-migrate'), {
        RequestType: 'Create',
        LogicalResourceId: migrationResource,
        ResourceType: 'Custom::RagSchemaMigration',
        ResourceProperties: harness.resolver.resolve(harness.resolver.resource(migrationResource).Properties),
      });
      expect(migration.error).toBeUndefined();

      const bucket = String(harness.resolver.ref(harness.logicalIdOfType('AWS::S3::Bucket', 'RawBucket')));
      harness.s3.putObject(bucket, DOCUMENT_KEY, Buffer.from(DOCUMENT), { contentType: 'text/markdown' });
      await harness.mappingOf(harness.functionByService('rag-ingest')).drained();

      api = await TemplateApi.start({ resolver: harness.resolver, authorizer: harness.authorizer, runner: harness.runner });
    }, 600_000);

    afterAll(async () => {
      await api?.close();
      await harness?.stop();
      await closeExtras?.();
    });

    const chat = async (body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${api.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as ChatResponseBody };
    };

    it('answers a cold first question while the database is still resuming, inside the gateway’s 29 s', async () => {
      await harness.runner.close();
      harness.database.refuseFor(DATABASE_RESUME_MS);
      const invocationsBefore = api.invocations.length;
      const started = Date.now();

      const response = await chat({ message: 'What is the hotel limit in Madrid?' }, { authorization: await api.idToken() });

      // The harness's gateway answers 504 at 29 s (API Gateway's limit), so a 200 is the request finishing in time.
      const execution = api.executions.at(-1);
      const steps = api.invocations.slice(invocationsBefore);
      console.log(
        `${name}: cold chat request answered ${response.status} in ${Date.now() - started} ms (workflow ${execution ? execution.stopDate - execution.startDate : '?'} ms; ` +
          `database refused ${harness.database.refused} connection(s); steps ${steps.map((i) => `${i.logicalId.replace(/^ChatWorkflow|Function.*$/g, '')} ${i.wallMs} ms (handler ${i.durationMs} ms${i.coldStart ? ', cold' : ''})`).join(', ')})`,
      );
      expect({ status: response.status, error: response.body.error, executionError: execution?.error, cause: execution?.cause?.slice(0, 300) }).toEqual({
        status: 200,
        error: undefined,
        executionError: undefined,
        cause: undefined,
      });
      expect(harness.database.refused).toBeGreaterThan(0);
    });

    it('answers a question with a citation of the indexed document, from an embedded query', async () => {
      const response = await chat({ message: 'Which class do employees book for flights under six hours?' }, { authorization: await api.idToken() });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        intent: 'question',
        answerMode: 'generated',
        answer: expect.stringMatching(/economy.*\[1\]/i),
        citations: [expect.objectContaining({ n: 1, source: DOCUMENT_KEY, excerpt: expect.stringMatching(/economy/) })],
      });
      expect(response.body.usage?.embeddingTokens).toBeGreaterThan(0);
      expect(response.body.usage?.llmOutputTokens).toBeGreaterThan(0);
    });

    it('answers a greeting without calling a model', async () => {
      const response = await chat({ message: 'Hola, buenos días' }, { authorization: await api.idToken() });

      expect(response.status).toBe(200);
      expect(response.body.intent).toBe('greeting');
      expect(response.body.citations ?? []).toEqual([]);
      expect(response.body.usage).toEqual({ embeddingTokens: 0, llmInputTokens: 0, llmOutputTokens: 0 });
      expect(api.executions.at(-1)?.status).toBe('SUCCEEDED');
    });

    it('refuses a malformed body with 400 from the request validator, before any step runs', async () => {
      const executions = api.executions.length;

      const response = await chat({ question: 'wrong field' }, { authorization: await api.idToken() });

      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('invalid_request');
      expect(api.executions.length).toBe(executions);
    });

    it('refuses a request without a token with 401', async () => {
      const response = await chat({ message: 'What is the hotel limit in Madrid?' });

      expect(response.status).toBe(401);
      expect(response.body.error?.code).toBe('unauthorized');
    });
  });
}
