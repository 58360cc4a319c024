import type { APIGatewayProxyEvent } from 'aws-lambda';
import { RagError } from '#core/errors.js';

/** An API Gateway request's JSON body (base64 or not; an empty body is `{}`); bad JSON is `invalid_request` with `invalidMessage`. */
export function jsonBody(event: APIGatewayProxyEvent, invalidMessage = 'The request body is not valid JSON.'): unknown {
  try {
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    return JSON.parse(text || '{}') as unknown;
  } catch {
    throw new RagError('invalid_request', invalidMessage);
  }
}
