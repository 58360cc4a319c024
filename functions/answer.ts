import { chatDependencies } from '#core/runtime/wire-rag-runtime.js';
import type { ChatState } from '#core/chat-workflow/chat-state.js';
import { answerStep } from '#core/chat-workflow/chat-steps.js';
import { chatTurnMetrics } from '#core/insights/chat-turn-metrics.js';
import { getLambdaRuntime } from '#aws/lambda-runtime.js';
import { addMetrics } from '#aws/powertools.js';
import { withMiddleware } from '#aws/with-middleware.js';

/** Workflow step 3: the grounded answer with citations, written to `response`; its figures go to CloudWatch as EMF metrics. */
export const handler = withMiddleware(async (state: ChatState, _context, secrets): Promise<ChatState> => {
  const runtime = await getLambdaRuntime(secrets);
  const answered = await answerStep(state, chatDependencies(runtime));
  if (answered.response) addMetrics(chatTurnMetrics(answered.response));
  return answered;
});
