import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '#core/access/access-policy.js';
import { feedbackRequestSchema } from '#core/contract/feedback-contract.js';
import { insightsQuerySchema } from '#core/contract/insights-contract.js';
import { parseRequest } from '#core/contract/parse-request.js';
import { computeInsights, recordFeedback } from '#core/insights/index.js';
import type { RagRuntime } from '#core/runtime/rag-runtime.js';

/**
 * `POST /api/feedback` (anyone rates the answers of their own conversations) and
 * `GET /api/insights` (admins: with no users configured, the local caller is one).
 */
export function registerFeedbackRoutes(
  app: FastifyInstance,
  runtime: RagRuntime,
  principalOf: (request: FastifyRequest) => Principal,
  requireAdmin: (request: FastifyRequest) => Principal,
): void {
  app.post('/api/feedback', async (request) => {
    const principal = principalOf(request);
    return recordFeedback(runtime.db, principal.user, parseRequest(feedbackRequestSchema, request.body));
  });

  app.get('/api/insights', async (request) => {
    requireAdmin(request);
    const { days } = parseRequest(insightsQuerySchema, request.query);
    return computeInsights(runtime.db, { days, embeddingModel: runtime.embedder.id, ...(runtime.chatModel ? { chatModel: runtime.chatModel.id } : {}) });
  });
}
