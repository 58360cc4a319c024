import { chatDependencies } from '#core/runtime/wire-rag-runtime.js';
import type { ChatState } from '#core/chat-workflow/chat-state.js';
import { answerStep } from '#core/chat-workflow/chat-steps.js';
import { getLambdaRuntime } from '#aws/lambda-runtime.js';
import { withMiddleware } from '#aws/with-middleware.js';

/** Workflow step 3: the grounded answer with citations, written to `response`. */
export const handler = withMiddleware(async (state: ChatState, _context, secrets): Promise<ChatState> => {
  const runtime = await getLambdaRuntime(secrets);
  return answerStep(state, chatDependencies(runtime));
});
