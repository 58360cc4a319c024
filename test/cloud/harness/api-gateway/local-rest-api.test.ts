import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { synthesizeTemplate } from '../../../../lib/cost/synth-template.js';
import { SYNTH_HOOK_TIMEOUT_MS } from '../../../lib/synth-stack.js';
import { LocalCognitoIssuer } from '../cognito/local-cognito-issuer.js';
import { Authorizer } from '../iam/authorizer.js';
import { authorizeRoleArn } from '../step-functions/authorize-role.js';
import { statesService } from '../step-functions/states-service.js';
import { type LambdaInvocation, type StateMachineResource, SyncExecutionEngine } from '../step-functions/sync-execution-engine.js';
import type { CfnTemplate } from '../template/load-template.js';
import { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import { API_GATEWAY_INTEGRATION_TIMEOUT_MS, LocalRestApi } from './local-rest-api.js';
import { readRestApi } from './rest-api-definition.js';

// The chat contract takes a UUID as conversationId; the request model refuses anything else.
const CONVERSATION_ID = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const ofType = (template: CfnTemplate, type: string) =>
  Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => id);

/** The shipped minimal config's API, served with stand-in functions behind it. */
async function serveApi(
  template: CfnTemplate,
  behaviour: { step?: (name: string, payload: Record<string, unknown>) => Promise<LambdaInvocation>; timeoutMs?: number } = {},
) {
  const resolver = new IntrinsicResolver(template, { stackName: 'RagDocbotMinimal' });
  const [poolId] = ofType(template, 'AWS::Cognito::UserPool');
  const [clientId] = ofType(template, 'AWS::Cognito::UserPoolClient');
  const [restApiId] = ofType(template, 'AWS::ApiGateway::RestApi');
  const [machineId] = ofType(template, 'AWS::StepFunctions::StateMachine');
  const poolArn = String(resolver.getAtt(poolId as string, 'Arn'));
  const issuer = await LocalCognitoIssuer.create(poolArn);
  const appClientId = String(resolver.ref(clientId as string));
  const authorize = authorizeRoleArn(new Authorizer(resolver), resolver);
  const machine = resolver.resolve(template.Resources[machineId as string]?.Properties) as Omit<StateMachineResource, 'arn'>;
  const invoked: { arn: string; payload: Record<string, unknown> }[] = [];
  const step =
    behaviour.step ??
    (async (name: string, payload: Record<string, unknown>) => {
      if (name === 'Improve') return { payload: { ...payload, improve: { intent: 'question' } } };
      if (name === 'Retrieve') return { payload: { ...payload, retrieve: {} } };
      return { payload: { ...payload, response: { answer: `About "${String(payload.message)}" [1]`, conversationId: payload.conversationId ?? 'new' } } };
    });
  const engine = new SyncExecutionEngine(
    [{ ...machine, arn: String(resolver.ref(machineId as string)) }],
    (arn, payload) => {
      const name = /ChatWorkflow(Improve|Retrieve|Answer)Function/.exec(arn)?.[1] ?? 'unknown';
      return step(name, payload as Record<string, unknown>);
    },
    authorize,
  );
  const api = new LocalRestApi({
    api: readRestApi(resolver, restApiId as string),
    userPools: new Map([[poolArn, { jwksUrl: await issuer.listen(), clientIds: [appClientId] }]]),
    stage: 'prod',
    apiId: String(resolver.ref(restApiId as string)),
    accountId: resolver.accountId,
    ...(behaviour.timeoutMs ? { integrationTimeoutMs: behaviour.timeoutMs } : {}),
    backends: {
      invokeFunction: async (arn, event) => {
        invoked.push({ arn, payload: event as Record<string, unknown> });
        return { payload: { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '[]' } };
      },
      callService: async (service, action, role, body) => {
        if (service !== 'states') throw new Error(service);
        return statesService(engine, authorize)(action, role, body);
      },
    },
  });
  const url = await api.listen();
  return {
    url,
    invoked,
    token: (options: Partial<Parameters<LocalCognitoIssuer['idToken']>[0]> = {}) => issuer.idToken({ clientId: appClientId, ...options }),
    close: async () => {
      await api.close();
      await issuer.close();
    },
  };
}

describe('LocalRestApi over the minimal config’s template', () => {
  let template: CfnTemplate;
  let served: Awaited<ReturnType<typeof serveApi>>;

  beforeAll(async () => {
    template = synthesizeTemplate('config/minimal.json') as unknown as CfnTemplate;
    served = await serveApi(template);
  }, SYNTH_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await served?.close();
  });

  const chat = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${served.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };

  it('answers a signed-in chat request with the workflow output, through the request and response templates', async () => {
    const response = await chat(JSON.stringify({ message: "¿Qué es 'RAG'?", conversationId: CONVERSATION_ID }), { authorization: await served.token() });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ answer: `About "¿Qué es 'RAG'?" [1]`, conversationId: CONVERSATION_ID });
  });

  it('serves the open health check without a token', async () => {
    const response = await fetch(`${served.url}/api/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it.each([
    { name: 'no token', headers: async () => ({}) },
    { name: 'an expired token', headers: async () => ({ authorization: await served.token({ expiresInSeconds: -5 }) }) },
    { name: 'a token for another app client', headers: async () => ({ authorization: await served.token({ clientId: 'another-client' }) }) },
    {
      name: 'a token of another pool',
      headers: async () => ({
        authorization: await (await LocalCognitoIssuer.create('arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Other')).idToken({
          clientId: 'x',
        }),
      }),
    },
  ])('answers 401 in the API’s error shape to $name', async ({ headers }) => {
    const response = await chat('{"message":"hello"}', await headers());

    expect(response.status).toBe(401);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('Cognito ID token') } });
  });

  it.each([
    { name: 'an empty object', body: '{}' },
    { name: 'an empty message', body: '{"message":""}' },
    { name: 'a number as message', body: '{"message":5}' },
    { name: 'an unknown field', body: '{"message":"hi","admin":true}' },
    { name: 'a message over 4,000 characters', body: JSON.stringify({ message: 'a'.repeat(4001) }) },
    { name: 'text that is not JSON', body: 'message=hi' },
  ])('answers 400 from the request validator to $name', async ({ body }) => {
    const response = await chat(body, { authorization: await served.token() });

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'invalid_request', message: expect.stringContaining('"message"') } });
  });

  it('answers 415 to a body that is not JSON by content type (no request template for it)', async () => {
    const response = await fetch(`${served.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: await served.token() },
      body: 'hi',
    });

    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message: 'Unsupported Media Type' } });
  });

  it('answers an unknown route with the DEFAULT_4XX gateway response', async () => {
    const response = await fetch(`${served.url}/api/nothing-here`);

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message: 'Missing Authentication Token' } });
  });

  it('sends a proxy event (v1) with path parameters and the authorizer’s claims to a Lambda integration', async () => {
    const response = await fetch(`${served.url}/api/documents/doc%201?x=1&x=2`, {
      method: 'DELETE',
      headers: { authorization: await served.token({ username: 'ana@example.com' }) },
    });

    expect(response.status).toBe(200);
    const call = served.invoked.at(-1);
    expect(call?.arn).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:.*DocumentsFunction/);
    expect(call?.payload).toMatchObject({
      resource: '/api/documents/{id}',
      path: '/api/documents/doc%201',
      httpMethod: 'DELETE',
      pathParameters: { id: 'doc 1' },
      queryStringParameters: { x: '2' },
      multiValueQueryStringParameters: { x: ['1', '2'] },
      body: null,
      isBase64Encoded: false,
      requestContext: {
        stage: 'prod',
        resourcePath: '/api/documents/{id}',
        httpMethod: 'DELETE',
        authorizer: { claims: { 'cognito:username': 'ana@example.com', token_use: 'id' } },
      },
    });
  });

  it('maps a failed workflow to 502 through the response template', async () => {
    const failing = await serveApi(template, { step: async () => ({ functionError: 'Unhandled', payload: { errorType: 'Error', errorMessage: 'boom' } }) });
    try {
      const response = await fetch(`${failing.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await failing.token() },
        body: '{"message":"q"}',
      });

      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ error: { code: 'chat_failed', message: expect.any(String) } });
    } finally {
      await failing.close();
    }
  });

  it('ends an integration that outlasts the gateway timeout with 504, whatever the backend does later', async () => {
    let release = () => {};
    const slow = await serveApi(template, {
      timeoutMs: 300,
      step: () =>
        new Promise((resolve) => {
          release = () => resolve({ payload: {} });
        }),
    });
    try {
      const response = await fetch(`${slow.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await slow.token() },
        body: '{"message":"q"}',
      });

      expect(response.status).toBe(504);
      expect(await response.json()).toEqual({ error: { code: 'timeout', message: expect.any(String) } });
      expect(API_GATEWAY_INTEGRATION_TIMEOUT_MS).toBe(29_000);
    } finally {
      release();
      await slow.close();
    }
  });

  it('answers 502 when the integration role may not start the workflow (a template copy without the grant)', async () => {
    const copy = structuredClone(template) as {
      Resources: Record<string, { Type: string; Properties?: { PolicyDocument?: { Statement: { Action: unknown }[] } } }>;
    };
    const policy = Object.entries(copy.Resources).find(([id, resource]) => resource.Type === 'AWS::IAM::Policy' && id.includes('ChatIntegrationRole'))?.[1];
    const document = policy?.Properties?.PolicyDocument;
    const statements = document?.Statement ?? [];
    if (document) document.Statement = statements.filter((statement) => statement.Action !== 'states:StartSyncExecution');
    const denied = await serveApi(copy as unknown as CfnTemplate);
    try {
      const response = await fetch(`${denied.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: await denied.token() },
        body: '{"message":"q"}',
      });

      expect(statements.length).toBe(1);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ error: { code: 'chat_unavailable', message: expect.any(String) } });
    } finally {
      await denied.close();
    }
  });
});
