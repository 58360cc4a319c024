import type { ChatResponse } from '../chat-workflow/chat-state.js';

/** The metric names the answer function emits and the dashboard and alarms read: written once. */
export const CHAT_METRICS = {
  turns: 'ChatTurns',
  questions: 'Questions',
  notFound: 'QuestionsNotFound',
  embeddingTokens: 'EmbeddingTokens',
  llmInputTokens: 'LlmInputTokens',
  llmOutputTokens: 'LlmOutputTokens',
  improveMs: 'ImproveMs',
  retrieveMs: 'RetrieveMs',
  answerMs: 'AnswerMs',
  totalMs: 'ChatTotalMs',
} as const;

export type MetricUnit = 'Count' | 'Milliseconds';

export interface MetricValue {
  name: string;
  unit: MetricUnit;
  value: number;
}

/**
 * What one chat turn adds to the operational metrics (CloudWatch EMF on AWS): the same figures
 * the insights report locally. Never the question text.
 */
export function chatTurnMetrics(response: ChatResponse): MetricValue[] {
  const isQuestion = response.intent === 'question';
  const metrics: MetricValue[] = [
    { name: CHAT_METRICS.turns, unit: 'Count', value: 1 },
    { name: CHAT_METRICS.questions, unit: 'Count', value: isQuestion ? 1 : 0 },
    { name: CHAT_METRICS.notFound, unit: 'Count', value: isQuestion && response.notFound ? 1 : 0 },
    { name: CHAT_METRICS.embeddingTokens, unit: 'Count', value: response.usage.embeddingTokens },
    { name: CHAT_METRICS.llmInputTokens, unit: 'Count', value: response.usage.llmInputTokens },
    { name: CHAT_METRICS.llmOutputTokens, unit: 'Count', value: response.usage.llmOutputTokens },
  ];
  // Step latency means something for questions only; direct replies skip retrieval.
  if (isQuestion) {
    metrics.push(
      { name: CHAT_METRICS.improveMs, unit: 'Milliseconds', value: response.timingsMs.improve },
      { name: CHAT_METRICS.retrieveMs, unit: 'Milliseconds', value: response.timingsMs.retrieve },
      { name: CHAT_METRICS.answerMs, unit: 'Milliseconds', value: response.timingsMs.answer },
      { name: CHAT_METRICS.totalMs, unit: 'Milliseconds', value: response.timingsMs.total },
    );
  }
  return metrics;
}
