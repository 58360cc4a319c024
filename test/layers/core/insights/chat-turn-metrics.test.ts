import type { ChatResponse } from '#core/chat-workflow/chat-state.js';
import { CHAT_METRICS, chatTurnMetrics } from '#core/insights/chat-turn-metrics.js';

const response = (overrides: Partial<ChatResponse>): ChatResponse => ({
  answer: 'The harbour master is **Teodora Alcázar** [1].',
  intent: 'question',
  language: 'en',
  conversationId: '6f1c2a4e-8a4b-4c59-9f0e-2d1b3c4d5e6f',
  messageId: '3f2b8c1e-5d4a-4b7e-9c21-7a1e0d9b6f42',
  citations: [],
  usage: { embeddingTokens: 9, llmInputTokens: 1200, llmOutputTokens: 80 },
  timingsMs: { improve: 3, retrieve: 40, answer: 900, total: 950 },
  answerMode: 'generated',
  ...overrides,
});

const metricValue = (metrics: ReturnType<typeof chatTurnMetrics>, name: string) => metrics.find((metric) => metric.name === name)?.value;

describe('chatTurnMetrics', () => {
  test.each([
    ['an answered question', {}, { questions: 1, notFound: 0, steps: true }],
    ['an unanswered question', { notFound: true, answerMode: 'extractive' as const }, { questions: 1, notFound: 1, steps: true }],
    ['a greeting', { intent: 'greeting' as const, answerMode: 'direct' as const }, { questions: 0, notFound: 0, steps: false }],
  ])('%s', (_name, overrides, expected) => {
    // act
    const metrics = chatTurnMetrics(response(overrides));

    // assess
    expect(metricValue(metrics, CHAT_METRICS.turns)).toBe(1);
    expect(metricValue(metrics, CHAT_METRICS.questions)).toBe(expected.questions);
    expect(metricValue(metrics, CHAT_METRICS.notFound)).toBe(expected.notFound);
    expect(metricValue(metrics, CHAT_METRICS.llmInputTokens)).toBe(1200);
    expect(metricValue(metrics, CHAT_METRICS.retrieveMs)).toBe(expected.steps ? 40 : undefined);
    expect(metrics.filter((metric) => metric.name.endsWith('Ms')).every((metric) => metric.unit === 'Milliseconds')).toBe(true);
  });
});
