/*
 * The VTL mapping templates of the chat route: API Gateway calls Step Functions directly, so the
 * request and response are shaped here rather than in a Lambda.
 */

/** The error bodies of the API, in the product's `{"error": {"code", "message"}}` shape. */
export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/**
 * Maps `{message, conversationId?}` into the execution input (and nothing else: the local
 * stack starts the same workflow with the same input). `$input.json` yields JSON text, which
 * `escapeJavaScript` escapes again to sit inside the `input` string; its `\'` is not valid
 * JSON, hence the replaceAll.
 */
export function chatRequestTemplate(stateMachineArn: string): string {
  return [
    "#set($conversationId = $input.path('$.conversationId'))",
    '{',
    `  "stateMachineArn": "${stateMachineArn}",`,
    '  "name": "$context.requestId",',
    String.raw`  "input": "{\"message\": $util.escapeJavaScript($input.json('$.message')).replaceAll("\\'", "'")#if("$!conversationId" != ""), \"conversationId\": $util.escapeJavaScript($input.json('$.conversationId')).replaceAll("\\'", "'")#end}"`,
    '}',
  ].join('\n');
}

/**
 * Returns the workflow output as the body when the execution succeeded; otherwise a 502 (or
 * 504 on timeout) with an error body. StartSyncExecution itself answers 200 either way.
 */
export const CHAT_RESPONSE_TEMPLATE = [
  "#set($status = $input.path('$.status'))",
  "#if($status == 'SUCCEEDED')",
  "$input.path('$.output')",
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
