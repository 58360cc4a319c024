import type { APIGatewayProxyResult } from 'aws-lambda';
import { errorReplyFor } from '#core/contract/error-reply.js';
import { logger } from './powertools.js';

const HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };

export function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: HEADERS, body: body === undefined ? '' : JSON.stringify(body) };
}

/** The contract's error shape and status (one table for AWS and local); unexpected errors are logged. */
export function errorResponse(error: unknown): APIGatewayProxyResult {
  const reply = errorReplyFor(error);
  if (reply.unexpected) logger.error('request failed', error as Error);
  return json(reply.status, reply.body);
}
