import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type RagErrorCode, httpStatusFor } from '#core/contract/error-codes.js';
import { errorBody, errorReplyFor } from '#core/contract/error-reply.js';
import { RagError } from '#core/errors.js';

export { errorBody };

/** Every error leaves as `{"error":{"code","message"}}` with the status of its code and never a stack trace. */
export function handleHttpError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const code = error instanceof RagError ? undefined : fastifyErrorCode(error as FastifyError);
  if (code) {
    const message = code === 'payload_too_large' ? 'The request or an uploaded file is over the size limit.' : error.message;
    void reply.status(httpStatusFor(code)).send(errorBody(code, message));
    return;
  }
  const answer = errorReplyFor(error);
  if (answer.unexpected) request.log.error({ message: error.message }, 'request failed');
  void reply.status(answer.status).send(answer.body);
}

/** The contract code of Fastify's own request errors (schema, body size, content type, bad JSON). */
function fastifyErrorCode(error: FastifyError): RagErrorCode | undefined {
  if (error.validation) return 'invalid_request';
  if (error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) return 'payload_too_large';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.statusCode === 415) return 'unsupported_media_type';
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) return 'invalid_request';
  return undefined;
}
