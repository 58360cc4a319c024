import { RagError } from '../errors.js';
import { type RagErrorCode, httpStatusFor } from './error-codes.js';

/** The error shape of every response: `{"error":{"code","message"}}`, never a stack trace. */
export interface ErrorBody {
  error: { code: RagErrorCode; message: string };
}

export interface ErrorReply {
  status: number;
  body: ErrorBody;
  /** True when the error was not a known failure of a peer or of the request: log it in full. */
  unexpected: boolean;
}

export const INTERNAL_ERROR_MESSAGE = 'Internal error; see the server log.';

export function errorBody(code: RagErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/**
 * What a failed request answers, on AWS and locally alike. A 500 hides its message (it may
 * name internals); the 502/503/504 of an unreachable peer keep theirs, which tell the user to retry.
 */
export function errorReplyFor(error: unknown): ErrorReply {
  if (error instanceof RagError) {
    const status = httpStatusFor(error.code);
    if (status === 500) return { status, body: errorBody('internal_error', INTERNAL_ERROR_MESSAGE), unexpected: true };
    return { status, body: errorBody(error.code, error.message), unexpected: status >= 500 };
  }
  return { status: 500, body: errorBody('internal_error', INTERNAL_ERROR_MESSAGE), unexpected: true };
}
