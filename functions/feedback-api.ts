import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { feedbackRequestSchema } from '#core/contract/feedback-contract.js';
import { insightsQuerySchema } from '#core/contract/insights-contract.js';
import { parseRequest } from '#core/contract/parse-request.js';
import { RagError } from '#core/errors.js';
import { computeInsights, purgeExpiredQuestions, ratingMetrics, recordFeedback } from '#core/insights/index.js';
import { errorResponse, json } from '#aws/api-response.js';
import { groupAccessFromEnvironment, principalOfEvent } from '#aws/caller-principal.js';
import { catalogChatModelId } from '#aws/catalog-chat-model-id.js';
import { getLambdaRuntime } from '#aws/lambda-runtime.js';
import { addMetrics, logger } from '#aws/powertools.js';
import { jsonBody } from '#aws/json-body.js';
import { withMiddleware } from '#aws/with-middleware.js';

/** What EventBridge sends on the daily retention schedule. */
interface ScheduledEvent {
  source: 'aws.events';
  'detail-type': 'Scheduled Event';
}

function isScheduled(event: APIGatewayProxyEvent | ScheduledEvent): event is ScheduledEvent {
  return (event as ScheduledEvent).source === 'aws.events';
}

/**
 * POST /api/feedback (the caller rates an answer of their own conversations; the owner is the
 * Cognito `sub`, as the chat workflow stores it) and GET /api/insights (admins only). The daily
 * schedule invokes it too, to delete questions older than RAG_INSIGHTS_RETENTION_DAYS.
 */
export const handler = withMiddleware(
  async (event: APIGatewayProxyEvent | ScheduledEvent, _context, secrets): Promise<APIGatewayProxyResult | { purged: number }> => {
    if (isScheduled(event)) {
      const runtime = await getLambdaRuntime(secrets, process.env, { models: 'catalog' });
      const purged = await purgeExpiredQuestions(runtime.db, runtime.config.insightsRetentionDays);
      logger.info('expired questions purged', { purged, retentionDays: runtime.config.insightsRetentionDays });
      return { purged };
    }
    try {
      const runtime = await getLambdaRuntime(secrets, process.env, { models: 'catalog' });
      const principal = principalOfEvent(event, groupAccessFromEnvironment());
      if (event.httpMethod === 'POST') {
        const rated = await recordFeedback(runtime.db, principal.user, parseRequest(feedbackRequestSchema, jsonBody(event)));
        addMetrics(ratingMetrics(rated.rating));
        return json(200, rated);
      }
      if (event.httpMethod === 'GET') {
        if (!principal.admin) throw new RagError('forbidden', 'Only an admin may do this.');
        const { days } = parseRequest(insightsQuerySchema, event.queryStringParameters ?? {});
        const chatModel = catalogChatModelId(runtime.config);
        return json(200, await computeInsights(runtime.db, { days, embeddingModel: runtime.embedder.id, ...(chatModel ? { chatModel } : {}) }));
      }
      throw new RagError('method_not_allowed', `${event.httpMethod} is not supported here`);
    } catch (error) {
      return errorResponse(error);
    }
  },
);
