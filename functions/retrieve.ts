import { chatDependencies } from '#core/runtime/wire-rag-runtime.js';
import type { ChatState } from '#core/chat-workflow/chat-state.js';
import { retrieveStep } from '#core/chat-workflow/chat-steps.js';
import { getLambdaRuntime } from '#aws/lambda-runtime.js';
import { withMiddleware } from '#aws/with-middleware.js';

/** Workflow step 2: embed the standalone query and take the hybrid top-k. */
export const handler = withMiddleware(async (state: ChatState, _context, secrets): Promise<ChatState> => {
  const runtime = await getLambdaRuntime(secrets);
  return retrieveStep(state, chatDependencies(runtime));
});
