import { type RagErrorCode, httpStatusFor, isRagErrorCode } from '#core/contract/error-codes.js';
import { INTERNAL_ERROR_MESSAGE, errorReplyFor } from '#core/contract/error-reply.js';
import { ConfigError, DatabaseUnavailableError, DocumentError, ProviderError, RagError } from '#core/errors.js';

describe('the error contract', () => {
  test.each<[RagErrorCode, number]>([
    ['invalid_request', 400],
    ['invalid_file_name', 400],
    ['unauthorized', 401],
    ['not_found', 404],
    ['method_not_allowed', 405],
    ['conflict', 409],
    ['payload_too_large', 413],
    ['message_too_long', 413],
    ['unsupported_media_type', 415],
    ['rate_limited', 429],
    ['too_large', 422],
    ['config_error', 500],
    ['provider_auth', 502],
    ['database_unavailable', 503],
    ['provider_timeout', 504],
  ])('%s is answered %i', (code, status) => {
    // act
    const answered = httpStatusFor(code);

    // assess
    expect(answered).toBe(status);
  });

  test.each<[string, unknown, number, string, string | RegExp]>([
    ['a request error keeps its message', new RagError('invalid_request', 'Say something.'), 400, 'invalid_request', 'Say something.'],
    ['a document error keeps its reason as the code', new DocumentError('a.pdf', 'encrypted', 'is encrypted'), 422, 'encrypted', 'a.pdf: is encrypted'],
    [
      'an unreachable database tells the user to retry',
      new DatabaseUnavailableError('The database is waking up; retry.'),
      503,
      'database_unavailable',
      /retry/,
    ],
    ['a provider error is a bad gateway', new ProviderError('openai', 'bad_response', 'garbled'), 502, 'provider_bad_response', 'openai: garbled'],
    ['a configuration error hides its message', new ConfigError('OPENAI_API_KEY=sk-secret is wrong'), 500, 'internal_error', INTERNAL_ERROR_MESSAGE],
    ['an unknown error hides its message', new Error('stack details'), 500, 'internal_error', INTERNAL_ERROR_MESSAGE],
  ])('%s', (_name, error, status, code, message) => {
    // act
    const reply = errorReplyFor(error);

    // assess
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
    expect(reply.body.error.message).toMatch(message);
    expect(reply.unexpected).toBe(status >= 500);
  });

  test.each([
    ['not_found', true],
    ['too_large', true],
    ['toString', false],
    ['nope', false],
  ])('%s is a contract code: %s', (code, known) => {
    // act, assess
    expect(isRagErrorCode(code)).toBe(known);
  });
});
