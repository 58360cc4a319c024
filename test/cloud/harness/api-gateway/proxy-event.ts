import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { TemplateContext } from './vtl-template.js';

export interface IncomingRequest {
  httpMethod: string;
  /** The path below the stage, e.g. `/api/documents/abc`. */
  path: string;
  rawHeaders: [string, string][];
  query: URLSearchParams;
  body: string;
}

/** The Lambda proxy integration's event (payload format 1.0), as API Gateway REST APIs send it. */
export function buildProxyEvent(
  request: IncomingRequest,
  resourcePath: string,
  pathParameters: Record<string, string>,
  context: TemplateContext,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of request.rawHeaders) {
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  const query: Record<string, string> = {};
  const multiValueQuery: Record<string, string[]> = {};
  for (const [name, value] of request.query) {
    query[name] = value;
    multiValueQuery[name] = [...(multiValueQuery[name] ?? []), value];
  }
  const hasQuery = Object.keys(query).length > 0;
  return {
    resource: resourcePath,
    path: request.path,
    httpMethod: request.httpMethod,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQuery : null,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    stageVariables: null,
    body: request.body === '' ? null : request.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      resourceId: context.resourceId ?? '',
      resourcePath,
      httpMethod: request.httpMethod,
      path: context.path,
      stage: context.stage,
      requestId: context.requestId,
      extendedRequestId: context.extendedRequestId ?? context.requestId,
      requestTime: context.requestTime ?? '',
      requestTimeEpoch: context.requestTimeEpoch ?? Date.now(),
      protocol: context.protocol ?? 'HTTP/1.1',
      domainName: context.domainName ?? '',
      authorizer: context.authorizer?.claims ? { claims: context.authorizer.claims } : null,
      identity: {
        sourceIp: context.identity.sourceIp,
        userAgent: context.identity.userAgent ?? null,
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        user: null,
        userArn: null,
      },
    },
  };
}
