import { chatDependencies } from '#core/runtime/wire-rag-runtime.js';
import type { ChatState } from '#core/chat-workflow/chat-state.js';
import { improveStep } from '#core/chat-workflow/chat-steps.js';
import { initialChatState } from '#core/chat-workflow/run-chat-turn.js';
import { RagError } from '#core/errors.js';
import { workflowErrorName } from '#core/workflow/workflow-error-name.js';
import { groupAccessFromEnvironment } from '#aws/caller-principal.js';
import { type ChatExecutionInput, chatTurnOfExecution } from '#aws/chat-execution-input.js';
import { getLambdaRuntime } from '#aws/lambda-runtime.js';
import { withMiddleware } from '#aws/with-middleware.js';

/**
 * Workflow step 1: the execution input `{message, conversationId?, collections?, filters?,
 * identity}` in, scoped to the caller; the state with `improve` (and `response` for
 * non-questions) out. A refusal (another user's conversation, a malformed scope) fails the
 * execution with an error name the chat route maps to its status.
 */
export const handler = withMiddleware(async (event: ChatExecutionInput | ChatState, _context, secrets): Promise<ChatState> => {
  const runtime = await getLambdaRuntime(secrets);
  const deps = chatDependencies(runtime);
  try {
    const state =
      'startedAt' in event && typeof event.startedAt === 'number'
        ? (event as ChatState)
        : initialChatState(await chatTurnOfExecution(event as ChatExecutionInput, groupAccessFromEnvironment(), (id) => deps.conversations.owner(id)));
    return await improveStep(state, deps);
  } catch (error) {
    if (error instanceof RagError && (error.code === 'not_found' || error.code === 'invalid_request')) error.name = workflowErrorName(error.code);
    throw error;
  }
});
