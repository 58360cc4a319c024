import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaInvocation } from '../step-functions/sync-execution-engine.js';
import { CognitoAuthorizer, type UserPoolKeys } from '../cognito/cognito-authorizer.js';
import { type GatewayResponseType, type HttpResponse, gatewayResponse } from './gateway-responses.js';
import { buildProxyEvent } from './proxy-event.js';
import { RequestBodyValidator } from './request-validator.js';
import type { IntegrationDefinition, MethodDefinition, RestApiDefinition } from './rest-api-definition.js';
import { type TemplateContext, renderTemplate } from './vtl-template.js';

/** API Gateway's limit on an integration, unless the method sets a shorter TimeoutInMillis. */
export const API_GATEWAY_INTEGRATION_TIMEOUT_MS = 29_000;
/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The backends behind the integrations. */
export interface RestApiBackends {
  /** AWS_PROXY: Lambda's Invoke of the function the integration URI names. */
  invokeFunction(functionArn: string, event: unknown): Promise<LambdaInvocation>;
  /** AWS: the service action called with the integration's credentials role; the service's HTTP answer. */
  callService(service: string, action: string, credentialsRoleArn: string | undefined, body: string): Promise<{ status: number; body: string }>;
}

export interface LocalRestApiOptions {
  api: RestApiDefinition;
  backends: RestApiBackends;
  /** JWKS and app clients of each Cognito user pool an authorizer names, by pool ARN. */
  userPools?: ReadonlyMap<string, UserPoolKeys>;
  stage: string;
  apiId: string;
  accountId: string;
  /** @default API_GATEWAY_INTEGRATION_TIMEOUT_MS */
  integrationTimeoutMs?: number;
}

interface Match {
  method: MethodDefinition;
  pathParameters: Record<string, string>;
}

/**
 * A REST API from the template served over HTTP on 127.0.0.1, at `/<stage>/<path>` as the
 * execute-api endpoint serves it: method matching, the method's authorizer, request
 * validation against its models, MOCK / AWS_PROXY / AWS integrations with their mapping
 * templates and integration responses, the 29-second integration timeout, and the API's
 * gateway responses for every error API Gateway itself raises.
 */
export class LocalRestApi {
  private server?: Server;
  private readonly validator = new RequestBodyValidator();
  private readonly authorizers = new Map<string, CognitoAuthorizer>();

  constructor(private readonly options: LocalRestApiOptions) {
    for (const [id, authorizer] of Object.entries(options.api.authorizers)) {
      if (authorizer.Type !== 'COGNITO_USER_POOLS') continue;
      this.authorizers.set(id, new CognitoAuthorizer(authorizer, options.userPools ?? new Map()));
    }
  }

  /** Starts serving; returns the invoke URL (`http://127.0.0.1:<port>/<stage>`). */
  async listen(): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(request)
        .then((answer) => send(response, answer))
        .catch((error: unknown) =>
          send(response, { status: 500, headers: { 'content-type': 'text/plain' }, body: `harness error: ${(error as Error).stack}` }),
        );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/${this.options.stage}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private async handle(request: IncomingMessage): Promise<HttpResponse> {
    const requestId = randomUUID();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const stagePrefix = `/${this.options.stage}`;
    const httpMethod = request.method ?? 'GET';
    const path = url.pathname.startsWith(`${stagePrefix}/`) ? url.pathname.slice(stagePrefix.length) : undefined;
    const rawHeaders = pairs(request.rawHeaders);
    const now = new Date();
    const context: TemplateContext = {
      requestId,
      extendedRequestId: requestId,
      accountId: this.options.accountId,
      apiId: this.options.apiId,
      stage: this.options.stage,
      httpMethod,
      resourcePath: '',
      path: url.pathname,
      protocol: `HTTP/${request.httpVersion}`,
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      domainName: `${this.options.apiId}.execute-api.us-east-1.amazonaws.com`,
      identity: { sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1', userAgent: request.headers['user-agent'] ?? '' },
    };
    const fail = (type: GatewayResponseType, message?: string, validationErrorString?: string) =>
      gatewayResponse(type, this.options.api.gatewayResponses, context, message, validationErrorString);

    const body = await readBody(request, MAX_BODY_BYTES);
    if (body === undefined) return fail('REQUEST_TOO_LARGE');
    const match = path === undefined ? undefined : this.match(httpMethod, path);
    if (!match || path === undefined) return fail('MISSING_AUTHENTICATION_TOKEN');
    const { method, pathParameters } = match;
    context.resourcePath = method.resourcePath;
    context.resourceId = method.resourceId;
    const headers = Object.fromEntries(rawHeaders.map(([name, value]) => [name.toLowerCase(), value]));

    if (method.authorizationType === 'COGNITO_USER_POOLS') {
      const authorizer = method.authorizerLogicalId ? this.authorizers.get(method.authorizerLogicalId) : undefined;
      if (!authorizer) return fail('API_CONFIGURATION_ERROR');
      const decision = await authorizer.authorize(headers);
      if (!decision.authorized) return fail('UNAUTHORIZED');
      context.authorizer = { claims: decision.claims };
    } else if (method.authorizationType !== 'NONE') {
      return fail('ACCESS_DENIED');
    }

    const query = url.searchParams;
    const params = { path: pathParameters, querystring: Object.fromEntries(query), header: Object.fromEntries(rawHeaders) };
    if (method.validator?.validateRequestParameters) {
      const missing = Object.entries(method.requestParameters)
        .filter(([, required]) => required)
        .map(([name]) => /^method\.request\.(header|querystring|path)\.(.+)$/.exec(name))
        .filter((parts): parts is RegExpExecArray => parts !== null)
        .filter(
          ([, where, name]) =>
            (where === 'header' ? headers[String(name).toLowerCase()] : where === 'querystring' ? query.get(String(name)) : pathParameters[String(name)]) ===
            undefined,
        )
        .map(([, , name]) => name);
      if (missing.length > 0) return fail('BAD_REQUEST_PARAMETERS', `Missing required request parameters: [${missing.join(', ')}]`);
    }
    const contentType = (headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
    if (method.validator?.validateRequestBody) {
      const schema = method.requestModels[contentType];
      if (schema) {
        const result = this.validator.validate(schema, body);
        if (!result.valid) return fail('BAD_REQUEST_BODY', 'Invalid request body', result.errors);
      }
    }

    const timeoutMs = Math.min(
      method.integration.TimeoutInMillis ?? Number.POSITIVE_INFINITY,
      this.options.integrationTimeoutMs ?? API_GATEWAY_INTEGRATION_TIMEOUT_MS,
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const integrated = this.integrate(
      method.integration,
      { httpMethod, path, rawHeaders, query, body },
      contentType,
      method.resourcePath,
      pathParameters,
      params,
      context,
      fail,
    );
    try {
      const outcome = await Promise.race([integrated, timedOut]);
      // The backend goes on after API Gateway gave up, as it does on AWS.
      if (outcome === 'timeout') {
        integrated.catch(() => undefined);
        return fail('INTEGRATION_TIMEOUT');
      }
      return { ...outcome, headers: { ...outcome.headers, 'x-amzn-requestid': requestId } };
    } finally {
      clearTimeout(timer);
    }
  }

  private async integrate(
    integration: IntegrationDefinition,
    request: Parameters<typeof buildProxyEvent>[0],
    contentType: string,
    resourcePath: string,
    pathParameters: Record<string, string>,
    params: { path: Record<string, string>; querystring: Record<string, string>; header: Record<string, string> },
    context: TemplateContext,
    fail: (type: GatewayResponseType, message?: string) => HttpResponse,
  ): Promise<HttpResponse> {
    if (integration.Type === 'AWS_PROXY') {
      const functionArn = /:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/.exec(integration.Uri ?? '')?.[1];
      if (!functionArn) return fail('API_CONFIGURATION_ERROR');
      const invocation = await this.options.backends.invokeFunction(functionArn, buildProxyEvent(request, resourcePath, pathParameters, context));
      return proxyResponse(invocation) ?? fail('DEFAULT_5XX');
    }

    const templates = integration.RequestTemplates ?? {};
    const template = templates[contentType];
    if (
      template === undefined &&
      (integration.PassthroughBehavior === 'NEVER' || (integration.PassthroughBehavior === 'WHEN_NO_TEMPLATES' && Object.keys(templates).length > 0))
    ) {
      return fail('UNSUPPORTED_MEDIA_TYPE');
    }
    const integrationRequest = template === undefined ? request.body : renderTemplate(template, { body: request.body, params, context }).output;

    let backend: { status: number; body: string };
    if (integration.Type === 'MOCK') {
      const statusCode = (JSON.parse(integrationRequest || '{}') as { statusCode?: number }).statusCode ?? 200;
      backend = { status: statusCode, body: '' };
    } else if (integration.Type === 'AWS') {
      const target = /^arn:aws[\w-]*:apigateway:[^:]+:([^:]+):action\/(.+)$/.exec(integration.Uri ?? '');
      if (!target?.[1] || !target[2]) return fail('API_CONFIGURATION_ERROR');
      try {
        backend = await this.options.backends.callService(target[1], target[2], integration.Credentials, integrationRequest);
      } catch {
        return fail('INTEGRATION_FAILURE');
      }
    } else {
      return fail('API_CONFIGURATION_ERROR');
    }

    const responses = integration.IntegrationResponses ?? [];
    const selected =
      responses.find(
        (response) =>
          response.SelectionPattern !== undefined &&
          response.SelectionPattern !== '' &&
          new RegExp(`^(?:${response.SelectionPattern})$`).test(String(backend.status)),
      ) ?? responses.find((response) => !response.SelectionPattern);
    if (!selected) return fail('API_CONFIGURATION_ERROR');
    const responseTemplate = selected.ResponseTemplates?.['application/json'];
    const rendered =
      responseTemplate === undefined
        ? { output: backend.body, headerOverrides: {} as Record<string, string>, statusOverride: undefined }
        : renderTemplate(responseTemplate, { body: backend.body, params, context });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const [key, value] of Object.entries(selected.ResponseParameters ?? {})) {
      const header = /^method\.response\.header\.(.+)$/.exec(key)?.[1];
      const literal = /^'(.*)'$/.exec(value)?.[1];
      if (header && literal !== undefined) headers[header.toLowerCase()] = literal;
    }
    for (const [name, value] of Object.entries(rendered.headerOverrides)) headers[name.toLowerCase()] = value;
    return { status: rendered.statusOverride ?? Number(selected.StatusCode), headers, body: rendered.output };
  }

  private match(httpMethod: string, path: string): Match | undefined {
    const parts = path.split('/').filter(Boolean);
    let best: { match: Match; score: number } | undefined;
    for (const method of this.options.api.methods) {
      if (method.httpMethod !== httpMethod && method.httpMethod !== 'ANY') continue;
      const template = method.resourcePath.split('/').filter(Boolean);
      const pathParameters: Record<string, string> = {};
      let score = 0;
      let matched = template.length === parts.length;
      for (let i = 0; matched && i < template.length; i++) {
        const segment = template[i] as string;
        const actual = parts[i] as string;
        const param = /^\{(.+?)(\+)?\}$/.exec(segment);
        if (param?.[2]) {
          pathParameters[param[1] as string] = parts.slice(i).map(decodeURIComponent).join('/');
          matched = true;
          break;
        }
        if (param?.[1]) pathParameters[param[1]] = decodeURIComponent(actual);
        else if (segment === actual) score++;
        else matched = false;
      }
      if (matched && (!best || score > best.score)) best = { match: { method, pathParameters }, score };
    }
    return best?.match;
  }
}

/** A proxy function's answer as HTTP, or undefined when API Gateway would call it malformed (502). */
function proxyResponse(invocation: LambdaInvocation): HttpResponse | undefined {
  if (invocation.functionError) return undefined;
  const result = invocation.payload as {
    statusCode?: unknown;
    headers?: Record<string, unknown>;
    multiValueHeaders?: Record<string, unknown[]>;
    body?: unknown;
    isBase64Encoded?: boolean;
  } | null;
  if (!result || typeof result !== 'object' || typeof result.statusCode !== 'number') return undefined;
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string') return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name.toLowerCase()] = values.map(String).join(', ');
  const body = typeof result.body === 'string' ? (result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body) : '';
  return { status: result.statusCode, headers, body };
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

async function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, answer: HttpResponse): void {
  response.writeHead(answer.status, answer.headers).end(answer.body);
}
