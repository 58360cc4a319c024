export { computeInsights, type InsightsOptions } from './compute-insights.js';
export {
  FEEDBACK_DATASET_FORMAT,
  type FeedbackDataset,
  type FeedbackQuestion,
  exportFeedbackDataset,
  feedbackEvalDataset,
  isFeedbackDataset,
} from './feedback-dataset.js';
export { recordFeedback } from './feedback-repository.js';
export { MODEL_PRICES_AS_OF, MODEL_TOKEN_PRICES_PER_MILLION, modelNameOf, tokenPriceOf } from './model-token-prices.js';
export { normalizeQuestion } from './normalize-question.js';
export { purgeExpiredQuestions } from './purge-expired-questions.js';
export { CHAT_METRICS, type MetricUnit, type MetricValue, chatTurnMetrics } from './chat-turn-metrics.js';
export { INGEST_METRICS, RATING_METRICS, ingestOutcomeMetrics, ratingMetrics } from './ingest-and-rating-metrics.js';
