import { randomUUID } from 'node:crypto';

export interface ProxyEventOptions {
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  /** The resource template of the method, e.g. `/api/documents/{id}`. @default the path */
  readonly resource?: string;
  /** Claims a Cognito authorizer put in the request context. */
  readonly claims?: Record<string, string>;
}

/** The event API Gateway's Lambda proxy integration (REST API) sends a function, as the jobs and documents functions receive it. */
export function apiGatewayProxyEvent(httpMethod: string, path: string, options: ProxyEventOptions = {}) {
  const body = options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers = {
    Accept: 'application/json',
    Host: 'abcdef1234.execute-api.us-east-1.amazonaws.com',
    ...(body ? { 'Content-Type': 'application/json' } : {}),
  };
  return {
    resource: options.resource ?? path,
    path,
    httpMethod,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, [value]])),
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: options.query ? Object.fromEntries(Object.entries(options.query).map(([key, value]) => [key, [value]])) : null,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      resourcePath: options.resource ?? path,
      httpMethod,
      path: `/prod${path}`,
      stage: 'prod',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      accountId: '123456789012',
      apiId: 'abcdef1234',
      protocol: 'HTTP/1.1',
      identity: { sourceIp: '203.0.113.10', userAgent: 'cloud-harness' },
      authorizer: { claims: options.claims ?? { sub: 'user-1', email: 'user@example.com' } },
    },
    body,
    isBase64Encoded: false,
  };
}
