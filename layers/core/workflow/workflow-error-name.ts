/**
 * The Step Functions error name of a refusal a chat step makes on purpose: a RagError whose
 * code the chat route answers with its own status (`RagError.not_found` → 404). A Lambda's
 * error name is its `errorType`, which the execution reports as `error`.
 */
export function workflowErrorName(code: string): string {
  return `RagError.${code}`;
}
