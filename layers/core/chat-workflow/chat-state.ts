import type { Citation } from '../chat/citation.js';
import type { Intent } from '../chat/classify-intent.js';
import type { MetaTopic } from '../chat/meta-question.js';
import type { RetrievedChunk } from '../store/retrieved-chunk.js';
import type { SearchScope } from '../store/search-scope.js';

export interface ChatUsageTotals {
  embeddingTokens: number;
  llmInputTokens: number;
  llmOutputTokens: number;
}

/** The chat response of the product contract. */
export interface ChatResponse {
  answer: string;
  intent: Intent;
  language: string;
  conversationId: string;
  citations: Omit<Citation, 'chunkId'>[];
  usage: ChatUsageTotals;
  timingsMs: { improve: number; retrieve: number; answer: number; total: number };
  /** How the answer was made: `extractive` (offline, quoted sentences), `generated` (a chat model), or `direct` (no retrieval). */
  answerMode: 'extractive' | 'generated' | 'direct';
  /** The id of this answer, which feedback refers to. */
  messageId: string;
  /** True when the documents did not support an answer. */
  notFound?: boolean;
  /** The passages the answer weighed, best retrieved first, whether or not it quotes them (offline answers). */
  sources?: ChatSource[];
}

/** A passage the answer considered: what a citation carries, without a marker number. */
export type ChatSource = Omit<Citation, 'n' | 'chunkId' | 'passage'>;

export interface ChatTurnInput {
  message: string;
  conversationId?: string;
  /**
   * Earlier turns supplied by the caller (OpenAI-style clients resend the whole conversation);
   * when present they are used instead of the stored history of `conversationId`.
   */
  history?: { role: 'user' | 'assistant'; content: string }[];
  /** Who asks, from the authenticated identity (never from the request body); owns the conversation. @default 'anonymous' */
  userId?: string;
  /** The documents the answer may draw from: the caller's readable collections, narrowed by the request. */
  scope?: SearchScope;
}

/**
 * The state that flows through improve → retrieve → answer. Each step returns the state it
 * was given plus its own key, exactly as the Step Functions tasks do, so one definition runs
 * on AWS and locally.
 */
export interface ChatState extends ChatTurnInput {
  conversationId: string;
  startedAt: number;
  improve?: {
    intent: Intent;
    language: string;
    query: string;
    /** The query in the other languages of the documents (an LLM's translation, or the offline lexicon's). */
    alternateQueries?: string[];
    rewritten: boolean;
    source: 'llm' | 'offline';
    fallback: boolean;
    usage: { llmInputTokens: number; llmOutputTokens: number };
    ms: number;
    /** A question about the assistant itself: without a document that answers it, the assistant describes itself. */
    meta?: MetaTopic;
    /** The previous answer, when this is a follow-up: quoting it again is the last resort. */
    avoidAnswer?: string;
  };
  retrieve?: {
    chunks: RetrievedChunk[];
    embeddingTokens: number;
    offTopic: boolean;
    ms: number;
  };
  response?: ChatResponse;
}
