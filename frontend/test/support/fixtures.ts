import type { ChatResponse, Citation } from '../../src/api/api-types.js';
import type { AssistantMessage, ChatMessage } from '../../src/chat/conversation.js';

export const uploadCitation: Citation = {
  n: 1,
  documentId: 'doc-1',
  source: 'samples/getting-started.md',
  title: 'Getting started',
  heading: 'Getting started › Adding documents',
  score: 0.91,
  excerpt: 'Upload PDF, Word, HTML, Markdown or plain-text files from the Documents panel.',
  passage:
    'Upload PDF, Word, HTML, Markdown or plain-text files from the Documents panel.\n\nEach upload becomes an ingestion job; you can follow its progress and see why a file failed.',
};

export const privacyCitation: Citation = {
  n: 2,
  documentId: 'doc-2',
  source: 'samples/security-and-privacy.md',
  title: 'Security and privacy',
  page: 3,
  score: 0.52,
  excerpt: 'Documents stay in the data folder <img src=x onerror="window.__xss=1"> unless you configure a provider.',
};

export function answered(overrides: Partial<AssistantMessage> = {}): AssistantMessage {
  return {
    id: 'a1',
    role: 'assistant',
    question: 'How do I upload documents?',
    text: 'Use the Documents panel [1]. Files stay local [2].',
    status: 'done',
    citations: [uploadCitation, privacyCitation],
    intent: 'question',
    answerMode: 'generated',
    language: 'en',
    ...overrides,
  };
}

export function turn(overrides: Partial<AssistantMessage> = {}): ChatMessage[] {
  const answer = answered(overrides);
  return [{ id: `u-${answer.id}`, role: 'user', text: answer.question }, answer];
}

/** The counters every chat response carries (the contract makes them required). */
export const ANSWER_METRICS = {
  usage: { embeddingTokens: 9, llmInputTokens: 0, llmOutputTokens: 0 },
  timingsMs: { improve: 2, retrieve: 14, answer: 3, total: 21 },
};

/** A chat response as the API sends it: an extractive answer in English; tests override what they look at. */
export function chatResponse(overrides: Partial<ChatResponse> & Pick<ChatResponse, 'answer'>): ChatResponse {
  return {
    intent: 'question',
    language: 'en',
    conversationId: '6f1c2a4e-8a4b-4c59-9f0e-2d1b3c4d5e6f',
    citations: [],
    answerMode: 'extractive',
    messageId: '3f2b8c1e-5d4a-4b7e-9c21-7a1e0d9b6f42',
    ...ANSWER_METRICS,
    ...overrides,
  };
}
