import { CHAT_REQUEST_INVALID_MESSAGE, chatRequestSchema } from '#core/contract/chat-contract.js';
import { presignRequestSchema } from '#core/contract/documents-contract.js';
import { jobsListQuerySchema } from '#core/contract/jobs-contract.js';
import { parseRequest } from '#core/contract/parse-request.js';
import { RagError } from '#core/errors.js';

const UUID = '6f1c2a4e-8a4b-4c59-9f0e-2d1b3c4d5e6f';

function refusal(act: () => unknown): { code: string; message: string } | undefined {
  try {
    act();
    return undefined;
  } catch (error) {
    if (error instanceof RagError) return { code: error.code, message: error.message };
    throw error;
  }
}

describe('parseRequest', () => {
  test.each<[string, unknown, boolean]>([
    ['a message', { message: 'hola' }, true],
    ['a message and a conversation', { message: 'hola', conversationId: UUID }, true],
    ['an upper-case conversation id', { message: 'hola', conversationId: UUID.toUpperCase() }, true],
    ['no message', {}, false],
    ['an empty message', { message: '' }, false],
    ['a blank message', { message: '   ' }, false],
    ['a message of 4,000 characters', { message: 'x'.repeat(4000) }, true],
    ['a message of 4,001 characters', { message: 'x'.repeat(4001) }, false],
    ['a conversation id that is not a UUID', { message: 'hola', conversationId: 'abc' }, false],
    ['an unknown field', { message: 'hola', extra: 1 }, false],
    ['not an object', 'hola', false],
  ])('chat request: %s', (_name, body, accepted) => {
    // act
    const refused = refusal(() => parseRequest(chatRequestSchema, body, CHAT_REQUEST_INVALID_MESSAGE));

    // assess
    expect(refused).toEqual(accepted ? undefined : { code: 'invalid_request', message: CHAT_REQUEST_INVALID_MESSAGE });
  });

  test('without a route message, the first problem is named with its path', () => {
    // act
    const refused = refusal(() => parseRequest(presignRequestSchema, { files: [{ name: 7 }] }));

    // assess
    expect(refused?.code).toBe('invalid_request');
    expect(refused?.message).toMatch(/^files\.0\.name: /);
  });

  test.each<[string, unknown, number]>([
    ['no limit', Object.create(null), 50],
    ['a limit', { limit: '5' }, 5],
    ['a limit over the maximum', { limit: '5000' }, 200],
    ['a limit that is not a number', { limit: 'many' }, 50],
    ['a limit under one', { limit: '-3' }, 1],
  ])('jobs list query: %s', (_name, query, limit) => {
    // act
    const parsed = parseRequest(jobsListQuerySchema, query);

    // assess
    expect(parsed.limit).toBe(limit);
  });
});
