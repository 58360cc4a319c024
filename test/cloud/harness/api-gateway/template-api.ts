import type { FunctionRunner, InvokeResult } from '../functions/function-runner.js';
import { LocalCognitoIssuer, type TokenOptions } from '../cognito/local-cognito-issuer.js';
import type { Authorizer } from '../iam/authorizer.js';
import { evaluate } from '../iam/policy-evaluator.js';
import { authorizeRoleArn } from '../step-functions/authorize-role.js';
import { statesService } from '../step-functions/states-service.js';
import {
  type LambdaInvocation,
  type StartSyncExecutionResponse,
  type StateMachineResource,
  SyncExecutionEngine,
} from '../step-functions/sync-execution-engine.js';
import type { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import { LocalRestApi } from './local-rest-api.js';
import { readRestApi } from './rest-api-definition.js';

export interface TemplateApiOptions {
  resolver: IntrinsicResolver;
  authorizer: Authorizer;
  runner: FunctionRunner;
  /** @default API Gateway's 29 s */
  integrationTimeoutMs?: number;
}

/** One function invocation the API path made, for assertions and cold-start figures. */
export interface ApiInvocation {
  logicalId: string;
  coldStart: boolean;
  /** The handler's run (Lambda's billed duration). */
  durationMs: number;
  /** From the invoke call to its answer: the init of a cold start included. */
  wallMs: number;
  error?: InvokeResult['error'];
}

/**
 * The template's one REST API in front of its functions and its EXPRESS state machines: a
 * local Cognito issuer per user pool (its app clients from the template), Step Functions'
 * StartSyncExecution over the function runner, Lambda proxy calls allowed only where the
 * template's AWS::Lambda::Permission lets API Gateway in, every role checked by the IAM
 * authorizer.
 */
export class TemplateApi {
  readonly executions: StartSyncExecutionResponse[] = [];
  readonly invocations: ApiInvocation[] = [];
  url = '';

  private constructor(
    private readonly api: LocalRestApi,
    private readonly issuers: { issuer: LocalCognitoIssuer; clientIds: string[] }[],
  ) {}

  static async start(options: TemplateApiOptions): Promise<TemplateApi> {
    const { resolver, runner } = options;
    const resources = Object.entries(resolver.template.Resources);
    const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type).map(([id]) => id);
    const [restApiId, ...others] = ofType('AWS::ApiGateway::RestApi');
    if (!restApiId || others.length > 0) throw new Error('Expected one REST API in the template');

    const issuers: { issuer: LocalCognitoIssuer; clientIds: string[] }[] = [];
    const userPools = new Map<string, { jwksUrl: string; clientIds: string[] }>();
    for (const poolId of ofType('AWS::Cognito::UserPool')) {
      const poolArn = String(resolver.getAtt(poolId, 'Arn'));
      const clientIds = resources
        .filter(
          ([, resource]) =>
            resource.Type === 'AWS::Cognito::UserPoolClient' && (resource.Properties?.UserPoolId as { Ref?: string } | undefined)?.Ref === poolId,
        )
        .map(([id]) => String(resolver.ref(id)));
      const issuer = await LocalCognitoIssuer.create(poolArn);
      userPools.set(poolArn, { jwksUrl: await issuer.listen(), clientIds });
      issuers.push({ issuer, clientIds });
    }

    const authorize = authorizeRoleArn(options.authorizer, resolver);
    const machines = ofType('AWS::StepFunctions::StateMachine').map((id) => ({
      ...(resolver.resolve(resolver.template.Resources[id]?.Properties) as Omit<StateMachineResource, 'arn'>),
      arn: String(resolver.ref(id)),
    }));
    let self: TemplateApi | undefined;
    const invoke = async (functionArn: string, payload: unknown): Promise<LambdaInvocation> => {
      const logicalId = runner.logicalIdOf(functionArn);
      if (!logicalId)
        return { functionError: 'Unhandled', payload: { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${functionArn}` } };
      const started = Date.now();
      const result = await runner.invoke(logicalId, payload);
      const wallMs = Date.now() - started;
      self?.invocations.push({
        logicalId,
        coldStart: result.coldStart,
        durationMs: result.durationMs,
        wallMs,
        ...(result.error ? { error: result.error } : {}),
      });
      return result.error ? { functionError: 'Unhandled', payload: { ...result.error, trace: [] } } : { payload: result.result };
    };
    const engine = new SyncExecutionEngine(machines, invoke, authorize);
    const states = statesService(engine, authorize);
    const apiId = String(resolver.ref(restApiId));
    const stageId = ofType('AWS::ApiGateway::Stage')[0];
    const stage = stageId ? String(resolver.resolve(resolver.template.Resources[stageId]?.Properties?.StageName)) : 'prod';

    const api = new LocalRestApi({
      api: readRestApi(resolver, restApiId),
      userPools,
      stage,
      apiId,
      accountId: resolver.accountId,
      ...(options.integrationTimeoutMs ? { integrationTimeoutMs: options.integrationTimeoutMs } : {}),
      backends: {
        invokeFunction: async (functionArn, event) => {
          const { httpMethod, resource } = event as { httpMethod: string; resource: string };
          const sourceArn = `arn:aws:execute-api:${resolver.region}:${resolver.accountId}:${apiId}/${stage}/${httpMethod}${resource}`;
          if (!apiGatewayMayInvoke(resolver, functionArn, sourceArn)) {
            return {
              functionError: 'Unhandled',
              payload: { errorType: 'AccessDeniedException', errorMessage: `API Gateway may not invoke ${functionArn} for ${sourceArn}` },
            };
          }
          return invoke(functionArn, event);
        },
        callService: async (service, action, role, body) => {
          if (service !== 'states') return { status: 400, body: JSON.stringify({ __type: 'UnknownOperationException', message: `${service} is not served` }) };
          const answer = await states(action, role, body);
          if (answer.status === 200) self?.executions.push(JSON.parse(answer.body) as StartSyncExecutionResponse);
          return answer;
        },
      },
    });
    self = new TemplateApi(api, issuers);
    self.url = await api.listen();
    return self;
  }

  /** An ID token from the template's (first) user pool for its (first) app client, as the site signs in. */
  idToken(options: Partial<TokenOptions> = {}): Promise<string> {
    const pool = this.issuers[0];
    if (!pool) throw new Error('The template has no user pool');
    return pool.issuer.idToken({ clientId: pool.clientIds[0] ?? 'no-client', ...options });
  }

  async close(): Promise<void> {
    await this.api.close();
    for (const { issuer } of this.issuers) await issuer.close();
  }
}

/** Whether an AWS::Lambda::Permission of the template lets API Gateway invoke the function for this method ARN. */
function apiGatewayMayInvoke(resolver: IntrinsicResolver, functionArn: string, sourceArn: string): boolean {
  const statements = Object.values(resolver.template.Resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Permission')
    .map((resource) => resolver.resolve(resource.Properties) as { Action: string; FunctionName: string; Principal: string; SourceArn?: string })
    .filter((permission) => permission.Principal === 'apigateway.amazonaws.com')
    .map((permission) => ({
      Effect: 'Allow' as const,
      Principal: { Service: permission.Principal },
      Action: permission.Action,
      Resource: permission.FunctionName,
      ...(permission.SourceArn ? { Condition: { ArnLike: { 'aws:SourceArn': permission.SourceArn } } } : {}),
    }));
  const { decision } = evaluate(
    { caller: { service: 'apigateway.amazonaws.com' }, action: 'lambda:InvokeFunction', resource: functionArn, context: { 'aws:SourceArn': sourceArn } },
    [],
    statements,
  );
  return decision === 'Allow';
}
