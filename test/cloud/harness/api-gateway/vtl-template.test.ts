import { describe, expect, it } from '@jest/globals';
import { CHAT_RESPONSE_TEMPLATE, chatRequestTemplate } from '../../../../lib/constructs/chat-api-templates.js';
import { type TemplateContext, escapeJavaScript, renderTemplate } from './vtl-template.js';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Chat';
const context: TemplateContext = {
  requestId: 'req-0001',
  accountId: '123456789012',
  apiId: 'api0001',
  stage: 'prod',
  httpMethod: 'POST',
  resourcePath: '/api/chat',
  path: '/prod/api/chat',
  identity: { sourceIp: '203.0.113.9' },
  authorizer: { claims: { sub: 'user-1', 'cognito:username': 'ana' } },
};
const params = { path: {}, querystring: {}, header: {} };

function render(template: string, body: string) {
  return renderTemplate(template, { body, params, context });
}

describe('renderTemplate', () => {
  describe("the chat method's request template", () => {
    const bodies: { name: string; body: Record<string, string> }[] = [
      { name: 'a plain question', body: { message: 'How do I upload documents?' } },
      { name: 'Spanish with accents and ñ', body: { message: '¿Qué dice el contrato sobre las vacaciones del año?' } },
      { name: 'an apostrophe', body: { message: "What's the harbour master's name?" } },
      { name: 'double quotes and a backslash', body: { message: 'Is "C:\\temp" a path?' } },
      { name: 'new lines, tabs and a slash', body: { message: 'line one\nline\ttwo / three' } },
      { name: 'an emoji', body: { message: 'thanks 👍' } },
      { name: 'a conversation id', body: { message: 'and in 1990?', conversationId: 'c-123' } },
      { name: 'a conversation id with a quote', body: { message: 'hi', conversationId: "o'brien" } },
    ];

    it.each(bodies)('carries $name into the execution input unchanged', ({ body }) => {
      const { output } = render(chatRequestTemplate(STATE_MACHINE_ARN), JSON.stringify(body));

      const request = JSON.parse(output) as { stateMachineArn: string; name: string; input: string };
      expect(request.stateMachineArn).toBe(STATE_MACHINE_ARN);
      expect(request.name).toBe('req-0001');
      expect(JSON.parse(request.input)).toEqual({ ...body, identity: { sub: 'user-1', username: 'ana', groups: '' } });
    });

    it('carries the narrowing scope, and takes identity from the authorizer alone', () => {
      // prepare: the request model refuses extra body fields; the template must not copy them either
      const body = { message: 'hi', collections: ['finance'], filters: { languages: ['es'] }, identity: { sub: 'root' }, user: 'root' };

      // act
      const { output } = render(chatRequestTemplate(STATE_MACHINE_ARN), JSON.stringify(body));

      // assess
      expect(JSON.parse((JSON.parse(output) as { input: string }).input)).toEqual({
        message: 'hi',
        collections: ['finance'],
        filters: { languages: ['es'] },
        identity: { sub: 'user-1', username: 'ana', groups: '' },
      });
    });

    it.each<{ name: string; claims: Record<string, string> }>([
      { name: 'groups, comma-joined', claims: { sub: 'u-2', 'cognito:username': 'bo', 'cognito:groups': 'finance-readers,rag-admins' } },
      { name: 'quotes, a backslash and accents', claims: { sub: 'u-3', 'cognito:username': `o'brien "x" \\ é`, 'cognito:groups': 'Équipe "A"' } },
      { name: 'no username or groups', claims: { sub: 'u-4' } },
    ])('carries the claims with $name unchanged', ({ claims }) => {
      // act
      const { output } = renderTemplate(chatRequestTemplate(STATE_MACHINE_ARN), {
        body: '{"message":"hi"}',
        params,
        context: { ...context, authorizer: { claims } },
      });

      // assess
      const input = JSON.parse((JSON.parse(output) as { input: string }).input) as { identity: unknown };
      expect(input.identity).toEqual({ sub: claims.sub, username: claims['cognito:username'] ?? '', groups: claims['cognito:groups'] ?? '' });
    });
  });

  describe("the chat method's response template", () => {
    it('passes a succeeded execution’s output through as the body', () => {
      const output = JSON.stringify({ answer: 'Upload with the panel [1]', intent: 'question' });

      const result = render(CHAT_RESPONSE_TEMPLATE, JSON.stringify({ status: 'SUCCEEDED', output }));

      expect(JSON.parse(result.output)).toEqual(JSON.parse(output));
      expect(result.statusOverride).toBeUndefined();
    });

    it.each([
      { status: 'TIMED_OUT', code: 'chat_timeout', httpStatus: 504 },
      { status: 'FAILED', code: 'chat_failed', httpStatus: 502 },
    ])('answers $httpStatus with $code when the execution is $status', ({ status, code, httpStatus }) => {
      const result = render(CHAT_RESPONSE_TEMPLATE, JSON.stringify({ status, error: 'X', cause: 'Y' }));

      expect(result.statusOverride).toBe(httpStatus);
      expect(JSON.parse(result.output)).toEqual({ error: { code, message: expect.any(String) } });
    });

    it.each([
      { error: 'RagError.not_found', code: 'not_found', httpStatus: 404 },
      { error: 'RagError.invalid_request', code: 'invalid_request', httpStatus: 400 },
      { error: 'ChatWorkflowFailed', code: 'chat_failed', httpStatus: 502 },
    ])('answers $httpStatus with $code when the execution failed with $error', ({ error, code, httpStatus }) => {
      const result = render(CHAT_RESPONSE_TEMPLATE, JSON.stringify({ status: 'FAILED', error, cause: 'Y' }));

      expect(result.statusOverride).toBe(httpStatus);
      expect(JSON.parse(result.output)).toEqual({ error: { code, message: expect.any(String) } });
    });
  });

  it('offers $input.params, $context and $util', () => {
    const template = [
      '$input.params("id")|$input.params("q")|$input.params("X-Trace")',
      '$context.authorizer.claims.sub|$context.identity.sourceIp|$context.stage',
      '$util.base64Encode("hé")|$util.base64Decode("aMOp")|$util.urlEncode("a b&c")|$util.parseJson(\'{"k":"v"}\').k',
      "$input.body.length()|$input.path('$.list[1].name')|$input.json('$.list[0]')",
    ].join('\n');

    const result = renderTemplate(template, {
      body: '{"list":[{"name":"a"},{"name":"b"}]}',
      params: { path: { id: 'doc-1' }, querystring: { q: 'term' }, header: { 'x-trace': 't-1' } },
      context,
    });

    expect(result.output.split('\n')).toEqual(['doc-1|term|t-1', 'user-1|203.0.113.9|prod', 'aMOp|hé|a+b%26c|v', '36|b|{"name":"a"}']);
  });

  it.each([
    { input: 'plain', expected: 'plain' },
    { input: `it's "x"`, expected: String.raw`it\'s \"x\"` },
    { input: 'a/b\\c', expected: String.raw`a\/b\\c` },
    { input: 'é\n', expected: String.raw`\u00E9\n` },
    { input: '\u0001', expected: String.raw`\u0001` },
  ])('escapeJavaScript($input) is Java’s', ({ input, expected }) => {
    expect(escapeJavaScript(input)).toBe(expected);
  });
});
