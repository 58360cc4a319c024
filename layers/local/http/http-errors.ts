import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { RagError } from '#core/errors.js';

/** HTTP status for each error code the core raises. */
const STATUS_BY_CODE: Record<string, number> = {
  invalid_request: 400,
  invalid_file_name: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  message_too_long: 413,
  history_too_long: 413,
  payload_too_large: 413,
  too_large: 413,
  rate_limited: 429,
  database_unavailable: 503,
  data_dir_in_use: 503,
  provider_auth: 502,
  provider_rate_limited: 503,
  provider_timeout: 504,
  provider_bad_response: 502,
  provider_unavailable: 502,
  provider_bad_request: 502,
  config_error: 500,
};

export class HttpError extends RagError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/** Every error leaves as `{"error":{"code","message"}}` with a fitting status and never a stack trace. */
export function handleHttpError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    void reply.status(400).send(errorBody('invalid_request', fastifyError.message));
    return;
  }
  if (fastifyError.code === 'FST_REQ_FILE_TOO_LARGE' || fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fastifyError.statusCode === 413) {
    void reply.status(413).send(errorBody('payload_too_large', 'The request or an uploaded file is over the size limit.'));
    return;
  }
  if (error instanceof HttpError) {
    void reply.status(error.status).send(errorBody(error.code, error.message));
    return;
  }
  if (error instanceof RagError) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    const message = status >= 500 && status !== 503 && status !== 502 && status !== 504 ? 'Internal error; see the server log.' : error.message;
    if (status >= 500) request.log.error({ code: error.code, message: error.message }, 'request failed');
    void reply.status(status).send(errorBody(error.code, message));
    return;
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    void reply.status(fastifyError.statusCode).send(errorBody('invalid_request', fastifyError.message));
    return;
  }
  request.log.error({ message: error.message }, 'unexpected error');
  void reply.status(500).send(errorBody('internal_error', 'Internal error; see the server log.'));
}
