import { Match, type Template } from 'aws-cdk-lib/assertions';
import { buildChatWorkflowDefinition } from '#core/workflow/index.js';
import { CHAT_WORKFLOW_TIMEOUT } from '../../lib/constructs/chat-workflow.js';
import {
  arnOf,
  asArray,
  functionByService,
  ref,
  roleOfFunction,
  resourceByPrefix,
  resourcesOfType,
  statementsOfRole,
  synthRagStack,
  type SynthesizedStack,
  SYNTH_HOOK_TIMEOUT_MS,
} from './synth-stack.js';

// One synthesis for the whole file, of the default shape (Bedrock, dev stage, RDS Proxy on).
// This file checks the chat workflow and the chat API.
/** A group map beside the naming rule, so the functions' copy of it can be checked. */
const ACCESS = { groups: { 'Finance Team': { finance: 'editor' as const }, 'IT Ops': 'admin' as const }, everyone: { default: 'reader' as const } };

const ENTRA_SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:entra-client-AbCdEf';

let synthesized: SynthesizedStack;
let template: Template;

beforeAll(() => {
  synthesized = synthRagStack({
    access: ACCESS,
    auth: {
      identityProviders: [
        {
          type: 'oidc',
          name: 'EntraID',
          clientId: 'entra-client',
          clientSecretArn: ENTRA_SECRET,
          issuerUrl: 'https://login.microsoftonline.com/tenant-1/v2.0',
        },
        { type: 'saml', name: 'Okta', metadataUrl: 'https://example.okta.com/app/abc/sso/saml/metadata' },
      ],
      domainPrefix: 'rag-docbot-test',
      callbackUrls: ['https://docs.example.com/'],
    },
  });
  template = synthesized.template;
}, SYNTH_HOOK_TIMEOUT_MS);

describe('5. chat workflow and API', () => {
  test('an EXPRESS state machine built from the shared definition, logging errors only (no questions or answers) with tracing', () => {
    const [improveId] = functionByService(template, 'rag-chat-improve');
    const [retrieveId] = functionByService(template, 'rag-chat-retrieve');
    const [answerId] = functionByService(template, 'rag-chat-answer');
    const [, stateMachine] = resourceByPrefix(template, 'AWS::StepFunctions::StateMachine', 'ChatWorkflowStateMachine');

    expect(stateMachine.Properties).toMatchObject({
      StateMachineType: 'EXPRESS',
      LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
      DefinitionSubstitutions: {
        ImproveFunctionArn: arnOf(improveId),
        RetrieveFunctionArn: arnOf(retrieveId),
        AnswerFunctionArn: arnOf(answerId),
      },
    });
    const deployed = JSON.parse(stateMachine.Properties!.DefinitionString);
    expect(deployed).toEqual({
      ...buildChatWorkflowDefinition({
        improveFunctionArn: '${ImproveFunctionArn}',
        retrieveFunctionArn: '${RetrieveFunctionArn}',
        answerFunctionArn: '${AnswerFunctionArn}',
      }),
      TimeoutSeconds: CHAT_WORKFLOW_TIMEOUT.toSeconds(),
    });
  });

  test('the state machine may invoke exactly its three functions', () => {
    const [, stateMachine] = resourceByPrefix(template, 'AWS::StepFunctions::StateMachine', 'ChatWorkflowStateMachine');
    const roleId = stateMachine.Properties!.RoleArn['Fn::GetAtt'][0];
    const invoked = statementsOfRole(template, roleId)
      .filter((s) => asArray(s.Action).includes('lambda:InvokeFunction'))
      .flatMap((s) => asArray(s.Resource))
      .map((resource: any) => resource['Fn::GetAtt']?.[0])
      .filter(Boolean);

    expect(new Set(invoked)).toEqual(
      new Set([
        functionByService(template, 'rag-chat-improve')[0],
        functionByService(template, 'rag-chat-retrieve')[0],
        functionByService(template, 'rag-chat-answer')[0],
      ]),
    );
  });

  const methodAt = (pathPart: string, httpMethod: string) => {
    const resources = resourcesOfType(template, 'AWS::ApiGateway::Resource');
    const methods = resourcesOfType(template, 'AWS::ApiGateway::Method');
    const resourceIds = Object.entries(resources)
      .filter(([, r]) => r.Properties!.PathPart === pathPart)
      .map(([id]) => id);
    const match = Object.values(methods).find((m) => m.Properties!.HttpMethod === httpMethod && resourceIds.includes(m.Properties!.ResourceId.Ref));
    if (!match) throw new Error(`No ${httpMethod} method on a resource named ${pathPart}`);
    return match.Properties!;
  };

  test('POST /api/chat starts a synchronous execution through an AWS integration, with a validated body', () => {
    const [stateMachineId] = resourceByPrefix(template, 'AWS::StepFunctions::StateMachine', 'ChatWorkflowStateMachine');
    const chat = methodAt('chat', 'POST');

    expect(chat.AuthorizationType).toBe('COGNITO_USER_POOLS');
    expect(chat.RequestValidatorId).toEqual(ref(resourceByPrefix(template, 'AWS::ApiGateway::RequestValidator', 'ChatApiBodyValidator')[0]));
    expect(chat.RequestModels).toEqual({ 'application/json': ref(resourceByPrefix(template, 'AWS::ApiGateway::Model', 'ChatApiChatRequest')[0]) });
    expect(chat.Integration).toMatchObject({
      Type: 'AWS',
      IntegrationHttpMethod: 'POST',
      PassthroughBehavior: 'NEVER',
      Credentials: arnOf(resourceByPrefix(template, 'AWS::IAM::Role', 'ChatApiChatIntegrationRole')[0]),
    });
    expect(JSON.stringify(chat.Integration.Uri)).toContain(':states:action/StartSyncExecution');
    const requestTemplate = JSON.stringify(chat.Integration.RequestTemplates['application/json']);
    expect(requestTemplate).toContain('stateMachineArn');
    expect(requestTemplate).toContain(stateMachineId);
    expect(requestTemplate).toContain("$input.json('$.message')");
    expect(requestTemplate).toContain("$input.json('$.conversationId')");
    expect(requestTemplate).toContain("$input.json('$.collections')");
  });

  test("the caller's identity reaches the workflow from the authorizer's claims, never from the body", () => {
    // The template is a join around the state machine's ARN.
    const requestTemplate = JSON.stringify(methodAt('chat', 'POST').Integration.RequestTemplates['application/json']);

    expect(requestTemplate).toContain('#set($claims = $context.authorizer.claims)');
    expect(requestTemplate).toContain("$!claims['cognito:groups']");
    expect(requestTemplate).toContain('identity');
    expect(requestTemplate).not.toMatch(/\$input\.(json|path)\('\$\.(identity|user|userId|scope)/);
  });

  test.each(['rag-chat-improve', 'rag-documents-api', 'rag-jobs-api', 'rag-feedback-api'])('%s gets the group map of the config', (serviceName) => {
    const [, fn] = functionByService(template, serviceName);

    expect(JSON.parse(fn.Properties!.Environment.Variables.RAG_GROUP_ACCESS)).toEqual(ACCESS);
  });

  test('the chat response is the workflow output on success, and a contract-shaped error otherwise', () => {
    const chat = methodAt('chat', 'POST');
    const success = chat.Integration.IntegrationResponses.find((r: any) => r.StatusCode === '200');
    const failure = chat.Integration.IntegrationResponses.find((r: any) => r.StatusCode === '502');
    const successTemplate: string = success.ResponseTemplates['application/json'];

    expect(successTemplate).toContain("#if($status == 'SUCCEEDED')\n$input.path('$.output')");
    expect(successTemplate).toContain('#set($context.responseOverride.status = 502)');
    const errorLines = successTemplate.split('\n').filter((line) => line.startsWith('{'));
    // Another user's conversation (404), a malformed scope (400), a failure (502) and a timeout (504).
    expect(errorLines.length).toBe(4);
    expect(successTemplate).toContain("#elseif($error == 'RagError.not_found')\n#set($context.responseOverride.status = 404)");
    expect(chat.MethodResponses.map((r: any) => r.StatusCode)).toEqual(expect.arrayContaining(['400', '404']));
    for (const line of [...errorLines, failure.ResponseTemplates['application/json']]) {
      expect(JSON.parse(line)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    expect(failure.SelectionPattern).toBe('4\\d{2}|5\\d{2}');
  });

  test('the chat request model accepts only {message, conversationId?: a UUID, collections?, filters?}: no identity field', () => {
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: {
        $schema: 'http://json-schema.org/draft-04/schema#',
        type: 'object',
        required: ['message'],
        additionalProperties: false,
        properties: {
          message: { type: 'string', minLength: 1, maxLength: 4000, pattern: '\\S' },
          conversationId: { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' },
          collections: Match.objectLike({ type: 'array' }),
          filters: Match.objectLike({ type: 'object', additionalProperties: false }),
        },
      },
    });
  });

  test.each([
    ['documents', 'GET', 'rag-documents-api'],
    ['documents', 'POST', 'rag-documents-api'],
    ['{id}', 'DELETE', 'rag-documents-api'],
    ['jobs', 'GET', 'rag-jobs-api'],
    ['{id}', 'GET', 'rag-jobs-api'],
    ['feedback', 'POST', 'rag-feedback-api'],
    ['insights', 'GET', 'rag-feedback-api'],
  ])('%s %s goes to the %s Lambda behind the Cognito authorizer', (pathPart, httpMethod, serviceName) => {
    const [functionId] = functionByService(template, serviceName);
    const method = methodAt(pathPart, httpMethod);

    expect(method.AuthorizationType).toBe('COGNITO_USER_POOLS');
    expect(method.AuthorizerId).toEqual(ref(resourceByPrefix(template, 'AWS::ApiGateway::Authorizer', 'ChatApiAuthorizer')[0]));
    expect(method.Integration.Type).toBe('AWS_PROXY');
    expect(JSON.stringify(method.Integration.Uri)).toContain(functionId);
  });

  test('the feedback function reaches the database only: no bucket, no model, no secret but the database one', () => {
    // prepare
    const [, fn] = functionByService(template, 'rag-feedback-api');

    // act
    const actions = statementsOfRole(template, roleOfFunction(fn)).flatMap((statement) => asArray(statement.Action));

    // assess
    expect(actions.filter((action: string) => /^(s3|bedrock|textract|states):/.test(action))).toEqual([]);
    expect(actions).toContain('secretsmanager:GetSecretValue');
    expect(Object.keys(fn.Properties!.Environment.Variables).filter((name) => name.endsWith('_SECRET_ARN'))).toEqual(['RAG_DB_SECRET_ARN']);
    expect(fn.Properties!.VpcConfig).toBeDefined();
  });

  test('a daily schedule invokes the feedback function, which deletes questions older than the configured retention', () => {
    // prepare
    const [functionId, fn] = functionByService(template, 'rag-feedback-api');

    // act
    const rules = Object.values(resourcesOfType(template, 'AWS::Events::Rule')).filter((rule) => rule.Properties!.ScheduleExpression);

    // assess
    expect(rules).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({ ScheduleExpression: 'rate(1 day)', Targets: [expect.objectContaining({ Arn: arnOf(functionId) })] }),
      }),
    ]);
    expect(fn.Properties!.Environment.Variables.RAG_INSIGHTS_RETENTION_DAYS).toBe('90');
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: arnOf(functionId), Principal: 'events.amazonaws.com' });
  });

  test('GET /api/health is the only open route: a mock answering {"status":"ok"}', () => {
    const health = methodAt('health', 'GET');
    const open = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method')).filter((m) => m.Properties!.AuthorizationType !== 'COGNITO_USER_POOLS');

    expect(health.AuthorizationType).toBe('NONE');
    expect(health.Integration.Type).toBe('MOCK');
    expect(JSON.parse(health.Integration.IntegrationResponses[0].ResponseTemplates['application/json'])).toEqual({ status: 'ok' });
    expect(open).toHaveLength(1);
  });

  test('the Cognito authorizer validates tokens of the stack user pool, which has no self sign-up and a strict password policy', () => {
    const [userPoolId] = resourceByPrefix(template, 'AWS::Cognito::UserPool', 'ChatApiUserPool');

    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS', ProviderARNs: [arnOf(userPoolId)] });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true, RequireUppercase: true }) },
      MfaConfiguration: 'OPTIONAL',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false });
  });

  test('the stage has access logs, tracing, method logging and throttling', () => {
    const [accessLogsId] = resourceByPrefix(template, 'AWS::Logs::LogGroup', 'ChatApiAccessLogs');

    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          ThrottlingRateLimit: synthesized.config.api.throttlingRateLimit,
          ThrottlingBurstLimit: synthesized.config.api.throttlingBurstLimit,
        }),
      ],
    });
    const [, stage] = resourceByPrefix(template, 'AWS::ApiGateway::Stage', 'ChatApiDeploymentStage');
    expect(JSON.stringify(stage.Properties!.AccessLogSetting.DestinationArn)).toContain(accessLogsId);
  });

  test.each(['BAD_REQUEST_BODY', 'UNAUTHORIZED', 'ACCESS_DENIED', 'THROTTLED', 'INTEGRATION_TIMEOUT'])(
    'API Gateway %s errors use the contract error shape',
    (responseType) => {
      const response = Object.values(resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse')).find((r) => r.Properties!.ResponseType === responseType)!;

      expect(JSON.parse(response.Properties!.ResponseTemplates['application/json'])).toEqual({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    },
  );

  test('configured OIDC and SAML identity providers join the user pool and its app client, through a hosted UI domain', () => {
    const [userPoolId] = resourceByPrefix(template, 'AWS::Cognito::UserPool', 'ChatApiUserPool');

    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      UserPoolId: ref(userPoolId),
      ProviderName: 'EntraID',
      ProviderType: 'OIDC',
      ProviderDetails: Match.objectLike({
        client_id: 'entra-client',
        client_secret: `{{resolve:secretsmanager:${ENTRA_SECRET}:SecretString:::}}`,
        oidc_issuer: 'https://login.microsoftonline.com/tenant-1/v2.0',
        authorize_scopes: 'openid email profile',
      }),
      AttributeMapping: { email: 'email' },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'Okta',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataURL: 'https://example.okta.com/app/abc/sso/saml/metadata' },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'rag-docbot-test', UserPoolId: ref(userPoolId) });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      SupportedIdentityProviders: ['COGNITO', 'EntraID', 'Okta'],
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['https://docs.example.com/'],
    });
    const [, client] = resourceByPrefix(template, 'AWS::Cognito::UserPoolClient', 'ChatApiUserPoolWebClient');
    expect(client.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/IdentityProviderEntraID/), expect.stringMatching(/IdentityProviderOkta/)]));
  });
});
