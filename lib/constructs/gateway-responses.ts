import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CHAT_REQUEST_INVALID_MESSAGE } from '#core/contract/chat-contract.js';
import { errorBody } from './chat-api-templates.js';

interface GatewayErrorResponse {
  /** Construct id of the gateway response. */
  readonly id: string;
  readonly type: ResponseType;
  /** @default - the status API Gateway chose */
  readonly statusCode?: string;
  /** The body template: a fixed error body, or one that quotes API Gateway's own message. */
  readonly template: string;
}

/** Fixed error bodies; the default 4xx and 5xx pass on API Gateway's message, which is already a quoted JSON string. */
const GATEWAY_ERROR_RESPONSES: readonly GatewayErrorResponse[] = [
  {
    id: 'BadRequestBody',
    type: ResponseType.BAD_REQUEST_BODY,
    statusCode: '400',
    template: errorBody('invalid_request', CHAT_REQUEST_INVALID_MESSAGE),
  },
  {
    id: 'Unauthorized',
    type: ResponseType.UNAUTHORIZED,
    statusCode: '401',
    template: errorBody('unauthorized', 'Sign in first: send a Cognito ID token in the Authorization header.'),
  },
  {
    id: 'AccessDenied',
    type: ResponseType.ACCESS_DENIED,
    statusCode: '403',
    template: errorBody('forbidden', 'This token is not allowed to call this route.'),
  },
  {
    id: 'Throttled',
    type: ResponseType.THROTTLED,
    statusCode: '429',
    template: errorBody('rate_limited', 'Too many requests. Please slow down and try again.'),
  },
  {
    id: 'IntegrationTimeout',
    type: ResponseType.INTEGRATION_TIMEOUT,
    statusCode: '504',
    template: errorBody('timeout', 'The request took too long. Please try again.'),
  },
  { id: 'Default4xx', type: ResponseType.DEFAULT_4XX, template: '{"error":{"code":"bad_request","message":$context.error.messageString}}' },
  { id: 'Default5xx', type: ResponseType.DEFAULT_5XX, template: '{"error":{"code":"internal_error","message":$context.error.messageString}}' },
];

/** API Gateway's own errors (auth, validation, throttling) in the product's error shape. */
export function addGatewayErrorResponses(api: RestApi): void {
  for (const { id, type, statusCode, template } of GATEWAY_ERROR_RESPONSES) {
    api.addGatewayResponse(id, { type, ...(statusCode ? { statusCode } : {}), templates: { 'application/json': template } });
  }
}
