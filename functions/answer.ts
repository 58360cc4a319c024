import { ConversationRepository } from '#core/chat-workflow/conversation-repository.js';
import type { ChatState } from '#core/chat-workflow/chat-state.js';
import { answerStep } from '#core/chat-workflow/chat-steps.js';
import { getLambdaRuntime } from '#aws/lambda-runtime.js';
import { withMiddleware } from '#aws/with-middleware.js';

/** Workflow step 3: the grounded answer with citations, written to `response`. */
export const handler = withMiddleware(async (state: ChatState, _context, secrets): Promise<ChatState> => {
  const runtime = await getLambdaRuntime(secrets);
  return answerStep(state, { ...runtime, conversations: new ConversationRepository(runtime.db), topK: runtime.config.retrieval.topK });
});
