import { answerWithLlm } from '../chat/answer-with-llm.js';
import type { Citation } from '../chat/citation.js';
import { directReply } from '../chat/direct-reply.js';
import { answerAcrossLanguages } from '../chat/cross-language-answer.js';
import { improveOffline, improveWithLlm } from '../chat/improve-with-llm.js';
import { metaFallbackReply } from '../chat/meta-question.js';
import { decideOffTopic } from '../chat/off-topic.js';
import { offlineAlternateQueries, searchLanguages } from '../chat/translate-query.js';
import type { ChatModel } from '../chat-models/chat-model.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { retrieve } from '../retrieval/retrieve.js';
import type { VectorStore } from '../store/vector-store.js';
import type { ChatResponse, ChatSource, ChatState } from './chat-state.js';
import type { ConversationRepository } from './conversation-repository.js';

export interface ChatDependencies {
  store: VectorStore;
  embedder: EmbeddingProvider;
  conversations: ConversationRepository;
  /** Absent for the offline default (lexicon classifier, extractive answers). */
  chatModel?: ChatModel;
  /** @default 3 */
  topK?: number;
  /** Passages the offline answer weighs (it quotes only what answers); a chat model gets `topK`. @default 8 */
  answerPassages?: number;
  /** Earlier messages given to the rewriter. @default 10 */
  historyMessages?: number;
  /** Receives answer text as a streaming chat model produces it. */
  onAnswerDelta?: (text: string) => void;
  signal?: AbortSignal;
}

const DEFAULT_ANSWER_PASSAGES = 8;

const elapsed = (since: number) => Math.round(performance.now() - since);

/**
 * Improve: classify the message and detect its language; answer greetings, small talk and
 * off-topic requests directly (no embedding, no retrieval); rewrite real questions into a
 * standalone query using the conversation history, and into the documents' other languages.
 */
export async function improveStep(state: ChatState, deps: ChatDependencies): Promise<ChatState> {
  const started = performance.now();
  const limit = deps.historyMessages ?? 10;
  const history = state.history ? state.history.slice(-limit) : await deps.conversations.history(state.conversationId, limit, state.userId);
  // Only the languages of documents the caller may search: others would leak and waste alternate queries.
  const documentLanguages = searchLanguages(await deps.store.documentLanguages(state.scope?.collections));
  const improved = deps.chatModel
    ? await improveWithLlm(deps.chatModel, state.message, history, { signal: deps.signal, documentLanguages })
    : improveOffline(state.message, history);
  const query = improved.standaloneQuery || state.message;
  // Without a model's translation, the shipped lexicon renders the query in the documents' other
  // languages, so a Spanish question still reaches English documents.
  const alternateQueries =
    improved.intent !== 'question'
      ? []
      : improved.alternateQueries?.length
        ? improved.alternateQueries
        : offlineAlternateQueries(query, improved.language, documentLanguages);
  const next: ChatState = {
    ...state,
    improve: {
      intent: improved.intent,
      language: improved.language,
      query,
      ...(alternateQueries.length > 0 ? { alternateQueries } : {}),
      rewritten: (improved.standaloneQuery || state.message) !== state.message,
      source: improved.source,
      fallback: improved.fallback,
      usage: { llmInputTokens: improved.usage.inputTokens, llmOutputTokens: improved.usage.outputTokens },
      ms: elapsed(started),
      ...(improved.meta ? { meta: improved.meta } : {}),
      ...(improved.followUp && history.at(-1)?.role === 'assistant' ? { avoidAnswer: history.at(-1)!.content } : {}),
    },
  };
  if (improved.intent === 'question') return next;
  const answer = improved.reply?.trim() || directReply(improved.intent, improved.language, state.message);
  return finish(next, deps, { answer, intent: improved.intent, citations: [], answerMode: 'direct', answerMs: 0 });
}

/** Retrieve: embed the standalone query (normalised) and its alternates, and take the fused hybrid top-k. */
export async function retrieveStep(state: ChatState, deps: ChatDependencies): Promise<ChatState> {
  const started = performance.now();
  const query = state.improve?.query ?? state.message;
  const topK = deps.topK ?? 3;
  // The offline answer looks further than it shows, so an article's lead paragraph is in play.
  const k = deps.chatModel ? topK : Math.max(topK, deps.answerPassages ?? DEFAULT_ANSWER_PASSAGES);
  const { chunks, embeddingTokens } = await retrieve(query, deps, { k, alternateQueries: state.improve?.alternateQueries, scope: state.scope });
  return { ...state, retrieve: { chunks, embeddingTokens, offTopic: decideOffTopic(chunks.slice(0, topK)), ms: elapsed(started) } };
}

/** Answer: grounded in the retrieved chunks with [n] citations, or a plain "not in the documents". */
export async function answerStep(state: ChatState, deps: ChatDependencies): Promise<ChatState> {
  const started = performance.now();
  const language = state.improve?.language ?? 'en';
  const retrieved = state.retrieve ?? { chunks: [], embeddingTokens: 0, offTopic: true, ms: 0 };
  const meta = state.improve?.meta;
  // A question about the assistant that no document answers gets the assistant's own description.
  const describeItself = (streamed = false) => {
    const answer = metaFallbackReply(meta!, language);
    if (!streamed) deps.onAnswerDelta?.(answer);
    return finish(state, deps, { answer, intent: 'question', citations: [], answerMode: 'direct', answerMs: elapsed(started) });
  };
  if (retrieved.offTopic && meta) return describeItself();
  if (retrieved.offTopic) {
    return finish(state, deps, {
      answer: directReply('off_topic', language, state.message),
      intent: 'off_topic',
      citations: [],
      answerMode: 'direct',
      answerMs: elapsed(started),
    });
  }
  const question = state.improve?.query ?? state.message;
  if (deps.chatModel) {
    const generated = await answerWithLlm(deps.chatModel, question, retrieved.chunks, language, {
      stream: Boolean(deps.onAnswerDelta),
      onDelta: deps.onAnswerDelta,
      signal: deps.signal,
    });
    if (meta && generated.citations.length === 0) return describeItself(Boolean(deps.onAnswerDelta));
    return finish(state, deps, {
      answer: generated.answer,
      intent: 'question',
      citations: generated.citations,
      answerMode: 'generated',
      answerMs: elapsed(started),
      llm: generated.usage,
      notFound: generated.citations.length === 0,
    });
  }
  const extractive = answerAcrossLanguages(question, state.improve?.alternateQueries, retrieved.chunks, { language }, state.improve?.avoidAnswer);
  if (meta && !extractive.supported) return describeItself();
  deps.onAnswerDelta?.(extractive.answer);
  return finish(state, deps, {
    answer: extractive.answer,
    intent: 'question',
    citations: extractive.citations,
    answerMode: 'extractive',
    answerMs: elapsed(started),
    notFound: !extractive.supported,
    sources: extractive.sources,
  });
}

interface Outcome {
  answer: string;
  intent: ChatResponse['intent'];
  citations: Citation[];
  answerMode: ChatResponse['answerMode'];
  answerMs: number;
  llm?: { inputTokens: number; outputTokens: number };
  notFound?: boolean;
  sources?: Citation[];
}

async function finish(state: ChatState, deps: ChatDependencies, outcome: Outcome): Promise<ChatState> {
  const language = state.improve?.language ?? 'en';
  // The message id is the stored turn's, so the response is complete only once the turn is kept.
  const response: Omit<ChatResponse, 'messageId'> = {
    answer: outcome.answer,
    intent: outcome.intent,
    language,
    conversationId: state.conversationId,
    citations: outcome.citations,
    usage: {
      embeddingTokens: state.retrieve?.embeddingTokens ?? 0,
      llmInputTokens: (state.improve?.usage.llmInputTokens ?? 0) + (outcome.llm?.inputTokens ?? 0),
      llmOutputTokens: (state.improve?.usage.llmOutputTokens ?? 0) + (outcome.llm?.outputTokens ?? 0),
    },
    timingsMs: {
      improve: state.improve?.ms ?? 0,
      retrieve: state.retrieve?.ms ?? 0,
      answer: outcome.answerMs,
      total: Math.max(0, Date.now() - state.startedAt),
    },
    answerMode: outcome.answerMode,
  };
  if (outcome.notFound) response.notFound = true;
  if (outcome.sources) response.sources = outcome.sources.map(chatSource);
  const messageId = await deps.conversations.appendTurn(state.conversationId, {
    userId: state.userId,
    user: state.message,
    assistant: response.answer,
    intent: response.intent,
    language,
    citations: response.citations.map((c) => ({ n: c.n, title: c.title, source: c.source })),
    notFound: outcome.notFound === true,
    answerMode: response.answerMode,
    usage: response.usage,
    timingsMs: response.timingsMs,
  });
  return { ...state, response: { ...response, messageId } };
}

function chatSource(passage: Citation): ChatSource {
  const source: ChatSource = { documentId: passage.documentId, source: passage.source, title: passage.title, score: passage.score, excerpt: passage.excerpt };
  if (passage.page !== undefined) source.page = passage.page;
  if (passage.heading) source.heading = passage.heading;
  return source;
}
