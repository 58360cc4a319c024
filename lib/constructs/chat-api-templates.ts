import { workflowErrorName } from '#core/workflow/workflow-error-name.js';

/*
 * The VTL mapping templates of the chat route: API Gateway calls Step Functions directly, so the
 * request and response are shaped here rather than in a Lambda.
 */

/** The error bodies of the API, in the product's `{"error": {"code", "message"}}` shape. */
export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/**
 * Maps `{message, conversationId?, collections?, filters?}` into the execution input, plus the
 * caller's `identity` (sub, username, groups) from the Cognito authorizer's claims — never from
 * the body, whose other fields the request model refuses. `$input.json` yields JSON text, which
 * `escapeJavaScript` escapes again to sit inside the `input` string; its `\'` is not valid
 * JSON, hence the replaceAll. A claim is a plain string, so it is escaped twice: once as a JSON
 * string of the inner document, once more to sit inside `input`.
 */
export function chatRequestTemplate(stateMachineArn: string): string {
  const unquote = String.raw`.replaceAll("\\'", "'")`;
  const bodyField = (name: string) => String.raw`#if("$!${name}" != ""), \"${name}\": $util.escapeJavaScript($input.json('$.${name}'))${unquote}#end`;
  const claim = (name: string) => String.raw`\"${name}\": \"$util.escapeJavaScript($util.escapeJavaScript($${name})${unquote})${unquote}\"`;
  return [
    "#set($conversationId = $input.path('$.conversationId'))",
    "#set($collections = $input.path('$.collections'))",
    "#set($filters = $input.path('$.filters'))",
    '#set($claims = $context.authorizer.claims)',
    '#set($sub = "$!claims.sub")',
    `#set($username = "$!claims['cognito:username']")`,
    `#set($groups = "$!claims['cognito:groups']")`,
    '{',
    `  "stateMachineArn": "${stateMachineArn}",`,
    '  "name": "$context.requestId",',
    String.raw`  "input": "{\"message\": $util.escapeJavaScript($input.json('$.message'))${unquote}` +
      `${bodyField('conversationId')}${bodyField('collections')}${bodyField('filters')}` +
      String.raw`, \"identity\": {${claim('sub')}, ${claim('username')}, ${claim('groups')}}}"`,
    '}',
  ].join('\n');
}

/**
 * Returns the workflow output as the body when the execution succeeded. Another user's
 * conversation is a 404 and a malformed scope a 400, as locally; anything else a 502 (or 504 on
 * timeout) with an error body. StartSyncExecution itself answers 200 either way.
 */
export const CHAT_RESPONSE_TEMPLATE = [
  "#set($status = $input.path('$.status'))",
  "#set($error = $input.path('$.error'))",
  "#if($status == 'SUCCEEDED')",
  "$input.path('$.output')",
  `#elseif($error == '${workflowErrorName('not_found')}')`,
  '#set($context.responseOverride.status = 404)',
  errorBody('not_found', 'No such conversation.'),
  `#elseif($error == '${workflowErrorName('invalid_request')}')`,
  '#set($context.responseOverride.status = 400)',
  errorBody('invalid_request', 'The chat request is not valid: check "collections" and "filters".'),
  "#elseif($status == 'TIMED_OUT')",
  '#set($context.responseOverride.status = 504)',
  errorBody('chat_timeout', 'The answer took too long. Please try again.'),
  '#else',
  '#set($context.responseOverride.status = 502)',
  errorBody('chat_failed', 'The chat workflow could not answer. Please try again.'),
  '#end',
].join('\n');

/** The body of a 4xx or 5xx from the StartSyncExecution call itself. */
export const CHAT_UNAVAILABLE_BODY = errorBody('chat_unavailable', 'The chat workflow could not be started. Please try again.');
