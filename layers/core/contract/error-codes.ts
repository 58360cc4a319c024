/**
 * Every error code the product exposes, with the HTTP status it is answered with. One table
 * serves the Lambda handlers, the local HTTP API and the API Gateway's own responses, so a code
 * means the same status on AWS and on a laptop.
 */
export const HTTP_STATUS_BY_CODE = {
  // The caller's request.
  invalid_request: 400,
  invalid_file_name: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  message_too_long: 413,
  history_too_long: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  // A document that cannot be ingested (job results; 422 if one ever reaches a response).
  unsupported_type: 422,
  encrypted: 422,
  corrupt: 422,
  empty: 422,
  binary: 422,
  invalid_encoding: 422,
  too_large: 422,
  no_text_layer: 422,
  too_complex: 422,
  // The server and its peers.
  internal_error: 500,
  config_error: 500,
  migration_error: 500,
  invalid_dataset: 500,
  provider_auth: 502,
  provider_bad_response: 502,
  provider_unavailable: 502,
  provider_bad_request: 502,
  chat_failed: 502,
  chat_unavailable: 502,
  provider_rate_limited: 503,
  database_unavailable: 503,
  object_store_unavailable: 503,
  data_dir_in_use: 503,
  provider_timeout: 504,
  chat_timeout: 504,
  timeout: 504,
} as const satisfies Record<string, number>;

export type RagErrorCode = keyof typeof HTTP_STATUS_BY_CODE;

/**
 * Why a document cannot be taken: the codes of a failed document in a job result, and of a file
 * an upload refuses (`refused[].code`). The site words each one in the reader's language.
 */
export const DOCUMENT_ERROR_CODES = [
  'unsupported_type',
  'encrypted',
  'corrupt',
  'empty',
  'binary',
  'invalid_encoding',
  'too_large',
  'no_text_layer',
  'too_complex',
] as const satisfies readonly RagErrorCode[];

export type DocumentErrorCode = (typeof DOCUMENT_ERROR_CODES)[number];

export const RAG_ERROR_CODES = Object.keys(HTTP_STATUS_BY_CODE) as [RagErrorCode, ...RagErrorCode[]];

export function httpStatusFor(code: RagErrorCode): number {
  return HTTP_STATUS_BY_CODE[code];
}

export function isRagErrorCode(code: string): code is RagErrorCode {
  return Object.hasOwn(HTTP_STATUS_BY_CODE, code);
}
