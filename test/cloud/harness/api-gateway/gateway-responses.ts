import type { TemplateContext } from './vtl-template.js';
import { renderTemplate } from './vtl-template.js';

/** API Gateway's gateway response types this harness raises, with their default status and error type header. */
export const GATEWAY_RESPONSE_DEFAULTS = {
  MISSING_AUTHENTICATION_TOKEN: { status: 403, errorType: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
  UNAUTHORIZED: { status: 401, errorType: 'UnauthorizedException', message: 'Unauthorized' },
  ACCESS_DENIED: { status: 403, errorType: 'AccessDeniedException', message: 'User is not authorized to access this resource' },
  BAD_REQUEST_BODY: { status: 400, errorType: 'BadRequestException', message: 'Invalid request body' },
  BAD_REQUEST_PARAMETERS: { status: 400, errorType: 'BadRequestException', message: 'Missing required request parameters' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, errorType: 'UnsupportedMediaTypeException', message: 'Unsupported Media Type' },
  REQUEST_TOO_LARGE: { status: 413, errorType: 'RequestTooLargeException', message: 'Request Too Long' },
  INTEGRATION_TIMEOUT: { status: 504, errorType: 'InternalServerErrorException', message: 'Endpoint request timed out' },
  INTEGRATION_FAILURE: { status: 504, errorType: 'InternalServerErrorException', message: 'Internal server error' },
  API_CONFIGURATION_ERROR: { status: 500, errorType: 'InternalServerErrorException', message: 'Internal server error' },
  THROTTLED: { status: 429, errorType: 'TooManyRequestsException', message: 'Too Many Requests' },
  /** A proxy function that failed or answered a malformed response: API Gateway's 502. */
  DEFAULT_5XX: { status: 502, errorType: 'InternalServerErrorException', message: 'Internal server error' },
} as const;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSE_DEFAULTS;

/** An `AWS::ApiGateway::GatewayResponse`, its intrinsics resolved. */
export interface GatewayResponseDefinition {
  ResponseType: string;
  StatusCode?: string;
  ResponseTemplates?: Record<string, string>;
  ResponseParameters?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * What API Gateway answers for its own errors: the API's gateway response for the type, else
 * its DEFAULT_4XX / DEFAULT_5XX, else the built-in `{"message": …}`; the status is the
 * response's StatusCode when it sets one, else the type's. `message` is what
 * `$context.error.message` holds.
 */
export function gatewayResponse(
  type: GatewayResponseType,
  responses: readonly GatewayResponseDefinition[],
  context: TemplateContext,
  message: string = GATEWAY_RESPONSE_DEFAULTS[type].message,
  validationErrorString?: string,
): HttpResponse {
  const defaults = GATEWAY_RESPONSE_DEFAULTS[type];
  const family = defaults.status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
  const specific = responses.find((response) => response.ResponseType === type);
  const fallback = responses.find((response) => response.ResponseType === family);
  const chosen = specific ?? fallback;
  const status = specific?.StatusCode ? Number(specific.StatusCode) : defaults.status;
  const template = chosen?.ResponseTemplates?.['application/json'] ?? '{"message":$context.error.messageString}';
  const errorContext: TemplateContext = {
    ...context,
    error: { message, messageString: JSON.stringify(message), responseType: type, ...(validationErrorString ? { validationErrorString } : {}) },
  };
  const rendered = renderTemplate(template, { body: '', params: { path: {}, querystring: {}, header: {} }, context: errorContext });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-requestid': context.requestId,
    'x-amzn-errortype': defaults.errorType,
  };
  for (const [key, value] of Object.entries(chosen?.ResponseParameters ?? {})) {
    const header = /^gatewayresponse\.header\.(.+)$/.exec(key)?.[1];
    const literal = /^'(.*)'$/.exec(value)?.[1];
    if (header && literal !== undefined) headers[header.toLowerCase()] = literal;
  }
  return { status, headers, body: rendered.output };
}
