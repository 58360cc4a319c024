import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseDeploymentConfig } from '../../lib/config/index.js';
import { API_GATEWAY_TIMEOUT, CHAT_STEP_TIMEOUTS, DATABASE_RESUME_ALLOWANCE } from '../../lib/constructs/chat-workflow.js';
import { RagStack } from '../../lib/rag-stack.js';
import {
  BASE_CONFIG,
  functionByService,
  ragFunctions,
  resourceByPrefix,
  resourcesOfType,
  roleOfFunction,
  statementsOfRole,
  synthRagStack,
  SYNTH_HOOK_TIMEOUT_MS,
} from './synth-stack.js';

// Findings of a review of the synthesized stacks that deploy or run wrong on AWS, each pinned
// to the template property that decides it.

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
type Template_ = ReturnType<typeof synthRagStack>['template'];

/** Secret ARNs the role may read (GetSecretValue), as template values. */
function readableSecrets(template: Template_, roleId: string): unknown[] {
  return statementsOfRole(template, roleId)
    .filter((statement) => statement.Effect === 'Allow' && asArray(statement.Action).includes('secretsmanager:GetSecretValue'))
    .flatMap((statement) => asArray(statement.Resource));
}

describe.each([
  ['bedrock', {}],
  ['openai', { provider: 'openai' as const }],
])('%s stack', (_name, overrides) => {
  let template: Template_;
  beforeAll(() => {
    template = synthRagStack(overrides).template;
  }, SYNTH_HOOK_TIMEOUT_MS);

  test('every function may read each secret its environment names (the middleware fetches them before the handler runs)', () => {
    const missing: string[] = [];
    for (const [id, fn] of Object.entries(ragFunctions(template))) {
      const variables = fn.Properties!.Environment.Variables as Record<string, unknown>;
      const readable = readableSecrets(template, roleOfFunction(fn)).map((resource) => JSON.stringify(resource));
      for (const [name, value] of Object.entries(variables)) {
        if (name.endsWith('_SECRET_ARN') && !readable.includes(JSON.stringify(value))) missing.push(`${id} ${name}`);
      }
    }

    expect(missing).toEqual([]);
  });

  test('every function that opens the store names the embedding model the ingest function indexes with', () => {
    const [, ingest] = functionByService(template, 'rag-ingest');
    const model = (variables: Record<string, unknown>) => ({
      EMBEDDINGS_PROVIDER: variables.EMBEDDINGS_PROVIDER,
      EMBEDDING_DIMENSIONS: variables.EMBEDDING_DIMENSIONS,
      OPENAI_EMBEDDING_MODEL: variables.OPENAI_EMBEDDING_MODEL,
      BEDROCK_EMBEDDING_MODEL_ID: variables.BEDROCK_EMBEDDING_MODEL_ID,
    });
    const expected = model(ingest.Properties!.Environment.Variables);

    for (const service of ['rag-documents-api', 'rag-jobs-api', 'rag-feedback-api', 'rag-chat-retrieve']) {
      const [, fn] = functionByService(template, service);
      expect({ service, ...model(fn.Properties!.Environment.Variables) }).toEqual({ service, ...expected });
    }
    expect(expected.EMBEDDINGS_PROVIDER).toBe(_name);
  });

  test('database clients verify the server certificate', () => {
    for (const fn of Object.values(ragFunctions(template))) {
      const variables = fn.Properties!.Environment.Variables;
      if (variables.RAG_DB_HOST) expect(variables.RAG_DB_SSL).toBe('verify-full');
    }
  });
});

describe('chat path timeouts', () => {
  let template: Template_;
  beforeAll(() => {
    template = synthRagStack().template;
  }, SYNTH_HOOK_TIMEOUT_MS);

  test("the first step outwaits a resuming database, and the whole execution ends before API Gateway's 29 s", () => {
    const services = ['rag-chat-improve', 'rag-chat-retrieve', 'rag-chat-answer'];
    const timeouts = services.map((service) => functionByService(template, service)[1].Properties!.Timeout as number);
    const [, improve] = functionByService(template, 'rag-chat-improve');
    const [, stateMachine] = resourceByPrefix(template, 'AWS::StepFunctions::StateMachine', 'ChatWorkflowStateMachine');
    const workflowTimeout = JSON.parse(stateMachine.Properties!.DefinitionString).TimeoutSeconds as number;

    // The deadline covers the resume plus a margin for the attempt that connects (attempts are at most 0.5 s apart).
    expect(Number(improve.Properties!.Environment.Variables.RAG_DB_CONNECT_DEADLINE_MS)).toBeGreaterThanOrEqual(
      DATABASE_RESUME_ALLOWANCE.toMilliseconds() + 2000,
    );
    for (const timeout of timeouts) expect(timeout).toBeLessThan(workflowTimeout);
    expect(workflowTimeout).toBeLessThan(API_GATEWAY_TIMEOUT.toSeconds());
  });

  test.each(['rag-chat-improve', 'rag-chat-retrieve', 'rag-chat-answer', 'rag-documents-api', 'rag-jobs-api', 'rag-feedback-api'])(
    '%s stops model calls and database connect retries before its own timeout',
    (service) => {
      const [, fn] = functionByService(template, service);
      const timeoutMs = (fn.Properties!.Timeout as number) * 1000;
      const variables = fn.Properties!.Environment.Variables;

      expect(timeoutMs).toBeLessThan(API_GATEWAY_TIMEOUT.toMilliseconds());
      expect(Number(variables.RAG_DB_CONNECT_DEADLINE_MS)).toBeLessThan(timeoutMs);
      if (service.startsWith('rag-chat-')) {
        expect(Number(variables.RAG_PROVIDER_TIMEOUT_MS)).toBeLessThan(timeoutMs);
        expect(Number(variables.RAG_CHAT_TIMEOUT_MS)).toBeLessThan(timeoutMs);
      }
    },
  );

  test('the step timeouts exported for documentation are the ones deployed', () => {
    const [, answer] = functionByService(template, 'rag-chat-answer');
    expect(answer.Properties!.Timeout).toBe(CHAT_STEP_TIMEOUTS.answer.toSeconds());
  });
});

describe('migration on deploy', () => {
  test(
    'retries its connection for minutes (Aurora resuming, secret rotating), within its timeout',
    () => {
      const { template } = synthRagStack();
      const [, migrate] = functionByService(template, 'rag-migrate');
      const deadlineMs = Number(migrate.Properties!.Environment.Variables.RAG_DB_CONNECT_DEADLINE_MS);

      expect(deadlineMs).toBeGreaterThanOrEqual(60_000);
      expect(deadlineMs).toBeLessThan(migrate.Properties!.Timeout * 1000);
    },
    SYNTH_HOOK_TIMEOUT_MS,
  );
});

const ACCOUNT_UNIQUE_NAMES = [
  'DBProxyName',
  'FunctionName',
  'RoleName',
  'BucketName',
  'QueueName',
  'TopicName',
  'LogGroupName',
  'StateMachineName',
  'UserPoolName',
  'DBClusterIdentifier',
  'SecretName',
  'AliasName',
];

describe('two stacks in one account', () => {
  test('have no colliding physical names', () => {
    const names = (stackName: string) => {
      // No feature flags: the names must not depend on cdk.json.
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      const stack = new RagStack(app, stackName, { config: parseDeploymentConfig({ ...BASE_CONFIG, stackName }, stackName) });
      const found: string[] = [];
      for (const [id, resource] of Object.entries(
        Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>,
      )) {
        for (const [property, value] of Object.entries(resource.Properties ?? {})) {
          // Names that must be unique in an account and region, when given as literals.
          if (ACCOUNT_UNIQUE_NAMES.includes(property) && typeof value === 'string') {
            found.push(`${resource.Type}.${property}=${value} (${id})`);
          }
        }
      }
      return found;
    };

    const first = names('RagOne');
    const second = names('RagTwo');
    const key = (entry: string) => entry.replace(/ \(.*\)$/, '');

    expect(first.filter((entry) => second.map(key).includes(key(entry)))).toEqual([]);
    expect(first.some((entry) => entry.startsWith('AWS::RDS::DBProxy.DBProxyName='))).toBe(true);
  });
});

describe('dev stage', () => {
  test(
    'retains nothing: no resource outlives the stack',
    () => {
      const { template } = synthRagStack({ stage: 'dev' });
      const retained = Object.entries(template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>)
        .filter(([, resource]) => resource.DeletionPolicy === 'Retain' || resource.DeletionPolicy === 'RetainExceptOnCreate')
        .map(([id, resource]) => `${resource.Type} ${id}`);

      // The API Gateway CloudWatch role is account-wide and shared by every REST API; it stays.
      expect(retained.filter((entry) => !entry.startsWith('AWS::ApiGateway::Account') && !entry.includes('ChatApiCloudWatchRole'))).toEqual([]);
      expect(Object.keys(resourcesOfType(template, 'AWS::KMS::Key'))).not.toHaveLength(0);
    },
    SYNTH_HOOK_TIMEOUT_MS,
  );
});

describe('site headers', () => {
  test(
    'both CloudFront behaviours send a Content-Security-Policy that allows only the site, Cognito and the raw bucket',
    () => {
      const { template } = synthRagStack();
      const [policyId, policy] = resourceByPrefix(template, 'AWS::CloudFront::ResponseHeadersPolicy', 'SiteResponseHeaders');
      const csp = policy.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy;
      const [, distribution] = resourceByPrefix(template, 'AWS::CloudFront::Distribution', 'SiteDistribution');
      const config = distribution.Properties!.DistributionConfig;

      expect(csp.Override).toBe(true);
      expect(JSON.stringify(csp.ContentSecurityPolicy)).toMatch(/default-src 'self'; script-src 'self';/);
      expect(JSON.stringify(csp.ContentSecurityPolicy)).toContain("frame-ancestors 'none'");
      expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
      expect(config.CacheBehaviors.map((behavior: { ResponseHeadersPolicyId: unknown }) => behavior.ResponseHeadersPolicyId)).toEqual([{ Ref: policyId }]);
    },
    SYNTH_HOOK_TIMEOUT_MS,
  );
});
