import type { APIGatewayProxyResult } from 'aws-lambda';
import { RagError } from '#core/errors.js';
import { logger } from './powertools.js';

const HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };

const STATUS_BY_CODE: Record<string, number> = {
  invalid_request: 400,
  invalid_file_name: 400,
  not_found: 404,
  payload_too_large: 413,
  too_large: 413,
  database_unavailable: 503,
};

export function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: HEADERS, body: body === undefined ? '' : JSON.stringify(body) };
}

/** The contract's error shape, never a stack trace; unexpected errors are logged and answered 500. */
export function errorResponse(error: unknown): APIGatewayProxyResult {
  if (error instanceof RagError && STATUS_BY_CODE[error.code]) {
    return json(STATUS_BY_CODE[error.code]!, { error: { code: error.code, message: error.message } });
  }
  logger.error('request failed', error as Error);
  return json(500, { error: { code: 'internal_error', message: 'Internal error; see the function log.' } });
}
