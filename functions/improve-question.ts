import { chatDependencies } from '#core/runtime/wire-rag-runtime.js';
import type { ChatState, ChatTurnInput } from '#core/chat-workflow/chat-state.js';
import { improveStep } from '#core/chat-workflow/chat-steps.js';
import { initialChatState } from '#core/chat-workflow/run-chat-turn.js';
import { getLambdaRuntime } from '#aws/lambda-runtime.js';
import { withMiddleware } from '#aws/with-middleware.js';

/** Workflow step 1: the execution input `{message, conversationId?}` in, the state with `improve` (and `response` for non-questions) out. */
export const handler = withMiddleware(async (event: ChatTurnInput | ChatState, _context, secrets): Promise<ChatState> => {
  const runtime = await getLambdaRuntime(secrets);
  const state = 'startedAt' in event && typeof event.startedAt === 'number' ? (event as ChatState) : initialChatState(event);
  return improveStep(state, chatDependencies(runtime));
});
