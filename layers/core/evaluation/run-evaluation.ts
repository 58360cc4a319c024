import { ConversationRepository, runChatTurnState } from '../chat-workflow/index.js';
import type { ChatModel } from '../chat-models/chat-model.js';
import type { ChunkingOptions } from '../chunking/chunk-document.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { type DocumentPreparer, type JobRepository, runIngestJob } from '../ingestion/index.js';
import { detectLanguage } from '../chat/detect-language.js';
import { offlineAlternateQueries, searchLanguages } from '../chat/translate-query.js';
import { retrieve } from '../retrieval/retrieve.js';
import type { Database } from '../store/database.js';
import type { VectorStore } from '../store/vector-store.js';
import { answerText, containsGold, exactMatch, f1Score, goldPolarity, isShortFactoid, type Polarity, yesNoCorrect } from './answer-metrics.js';
import { answerSpan } from './answer-span.js';
import type { EvalDataset, EvalQuestion } from './eval-dataset.js';
import { RECALL_CUTOFFS, goldRank, summarizeRetrieval } from './retrieval-metrics.js';

export interface EvaluationDependencies {
  db: Database;
  store: VectorStore;
  embedder: EmbeddingProvider;
  jobs: JobRepository;
  chatModel?: ChatModel;
  chunking?: ChunkingOptions;
  maxDocumentBytes?: number;
  /** Where documents are parsed and chunked. @default in this thread */
  preparer?: DocumentPreparer;
  /** Where the asked turns are kept. @default a repository over `db` */
  conversations?: ConversationRepository;
}

export interface EvaluationOptions {
  /** Passages the chat answers from; recall is also reported at this cut-off. @default 3 */
  k?: number;
  /** Ask only the first N questions (the whole corpus is still ingested). */
  limit?: number;
  /** Skip the chat turn and report retrieval only. @default false */
  retrievalOnly?: boolean;
  /** @default 4 */
  ingestConcurrency?: number;
  /**
   * The corpus lacks the questions' gold documents (see withoutGoldDocuments): every answer
   * but "not found" is a false answer, and the report gives the false-answer rate.
   */
  unanswerable?: boolean;
  onProgress?: (stage: 'ingest' | 'questions', done: number, total: number) => void;
}

/** How one question fared. */
export interface QuestionResult {
  id: string;
  language: string;
  question: string;
  /** The accepted answers, for reading --details beside the answer. */
  goldAnswers: string[];
  /** 1-based rank of the first chunk from a gold document, if within the retrieved list. */
  rank?: number;
  /** 1-based rank of the first gold chunk among the chunks the chat turn's retrieve step passed on. */
  chatRank?: number;
  answer?: string;
  /** The short answer scored by EM/F1: the bold span, else the quoted text (see answerSpan). */
  span?: string;
  /** Set for questions whose gold answers are all yes or no. */
  expectedPolarity?: Polarity;
  /** EM and F1 of `span`. */
  exactMatch?: number;
  f1?: number;
  /** The answer holds a gold answer (accent- and case-insensitive). */
  containsGold?: number;
  /** A gold answer of 1–4 words, not yes/no. */
  shortFactoid?: boolean;
  yesNoCorrect?: number;
  /** The answer cites a passage of a gold document. */
  citedGold?: number;
  /** The chat gave no answer (not found, or treated the message as off-topic). */
  notFound?: number;
  /** A gold passage was in the chat's top 3, yet the answer misses the gold answer. */
  retrievedNotAnswered?: number;
}

export interface EvalMetrics {
  questions: number;
  /** recall@k by k (1, 3, 10 and the requested k). */
  recall: Record<number, number>;
  mrr: number;
  answers?: {
    /** Questions scored with EM/F1/contains-gold (not yes/no). */
    factoidQuestions: number;
    /** SQuAD EM/F1 of the answer's short span. */
    exactMatch: number;
    f1: number;
    containsGold: number;
    /** Gold of 1–4 words, not yes/no: their count and contains-gold. */
    shortFactoidQuestions: number;
    shortFactoidContainsGold: number;
    yesNoQuestions: number;
    yesNoAccuracy: number;
    citedGold: number;
    /** Share of questions answered "not found" (or treated as not a question). */
    notFound: number;
    /** Share of questions whose gold passage is in the chat's top 3. */
    goldInTop3: number;
    /** Share of questions whose gold passage is in the chat's top 3 but whose answer misses the gold. */
    retrievedNotAnswered: number;
    /** Unanswerable runs: share of questions answered anyway (1 − notFound). */
    falseAnswer?: number;
  };
}

export interface EvalReport {
  dataset: { name: string; format: EvalDataset['format']; documents: number; questions: number };
  unanswerable: boolean;
  k: number;
  retrievedPerQuestion: number;
  chat?: { provider: string; answerMode: string };
  ingest: { documents: number; indexed: number; failed: number; chunks: number; seconds: number; failures: string[] };
  overall: EvalMetrics;
  byLanguage: Record<string, EvalMetrics>;
  seconds: number;
  questions: QuestionResult[];
}

/**
 * Ingests the dataset's corpus through the production pipeline, then asks every question:
 * retrieval is scored against the gold documents, and the chat turn's answer against the gold
 * answers. The store should be empty (a fresh data folder), so nothing else competes.
 */
export async function runEvaluation(dataset: EvalDataset, deps: EvaluationDependencies, options: EvaluationOptions = {}): Promise<EvalReport> {
  const started = performance.now();
  const k = options.k ?? 3;
  const retrievedPerQuestion = Math.max(10, k);
  const cutoffs = [...new Set([...RECALL_CUTOFFS, k])].sort((a, b) => a - b);

  const ingestStarted = performance.now();
  // A dataset without documents (a feedback export) is asked of the index as it stands.
  const ingest =
    dataset.documents.length === 0
      ? { documents: [] as { status: string; chunks: number; source: string; error?: string }[] }
      : await runIngestJob(
          await deps.jobs.create(
            'eval',
            dataset.documents.map((document) => ({ source: document.source })),
          ),
          dataset.documents.map((document) => ({ source: document.source, read: async () => document.bytes })),
          {
            store: deps.store,
            embedder: deps.embedder,
            jobs: deps.jobs,
            chunking: deps.chunking,
            maxDocumentBytes: deps.maxDocumentBytes,
            preparer: deps.preparer,
          },
          { concurrency: options.ingestConcurrency ?? 4, onProgress: (_outcome, done, total) => options.onProgress?.('ingest', done, total) },
        );
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  const failed = ingest.documents.filter((document) => document.status === 'failed');

  const questions = options.limit ? dataset.questions.slice(0, options.limit) : dataset.questions;
  const conversations = deps.conversations ?? new ConversationRepository(deps.db);
  const results: QuestionResult[] = [];
  let chatInfo: EvalReport['chat'];
  const documentLanguages = searchLanguages(await deps.store.documentLanguages());
  for (const [index, question] of questions.entries()) {
    const result: QuestionResult = { id: question.id, language: question.language, question: question.question, goldAnswers: question.answers };
    // The chat workflow's own steps, as POST /api/chat and `rag ask` run them.
    const state = options.retrievalOnly
      ? undefined
      : await runChatTurnState(
          { message: question.question },
          { store: deps.store, embedder: deps.embedder, conversations, chatModel: deps.chatModel, topK: k },
        );
    // Retrieval is scored on the forms the chat searches: the question and its translations.
    const alternateQueries = state
      ? state.improve?.alternateQueries
      : offlineAlternateQueries(question.question, detectLanguage(question.question), documentLanguages);
    const { chunks } = await retrieve(question.question, deps, { k: retrievedPerQuestion, alternateQueries });
    const rank = goldRank(
      chunks.map((chunk) => chunk.source),
      question.goldSources,
    );
    if (rank !== undefined) result.rank = rank;
    if (state) {
      const { response } = state;
      chatInfo ??= { provider: deps.chatModel ? deps.chatModel.id : 'local', answerMode: response.answerMode };
      if (response.answerMode !== 'direct') chatInfo.answerMode = response.answerMode;
      const chatRank = goldRank(
        (state.retrieve?.chunks ?? []).map((chunk) => chunk.source),
        question.goldSources,
      );
      if (chatRank !== undefined) result.chatRank = chatRank;
      Object.assign(
        result,
        scoreAnswer(question, response.answer, {
          citedSources: response.citations.map((citation) => citation.source),
          unanswered: response.notFound === true || response.intent !== 'question',
          yesNo: dataset.format === 'cmu-qa',
          chatRank,
        }),
      );
    }
    results.push(result);
    options.onProgress?.('questions', index + 1, questions.length);
  }

  const byLanguage: Record<string, EvalMetrics> = {};
  for (const language of [...new Set(results.map((result) => result.language))].sort()) {
    byLanguage[language] = aggregate(
      results.filter((result) => result.language === language),
      cutoffs,
      options,
    );
  }
  const report: EvalReport = {
    dataset: { name: dataset.name, format: dataset.format, documents: dataset.documents.length, questions: questions.length },
    unanswerable: options.unanswerable === true,
    k,
    retrievedPerQuestion,
    ingest: {
      documents: dataset.documents.length,
      indexed: ingest.documents.filter((document) => document.status === 'indexed').length,
      failed: failed.length,
      chunks: ingest.documents.reduce((sum, document) => sum + document.chunks, 0),
      seconds: round(ingestSeconds, 2),
      failures: failed.slice(0, 20).map((document) => document.error ?? document.source),
    },
    overall: aggregate(results, cutoffs, options),
    byLanguage,
    seconds: round((performance.now() - started) / 1000, 2),
    questions: results,
  };
  if (chatInfo) report.chat = chatInfo;
  return report;
}

/**
 * Scores one answer. Every question gets contains-gold and EM/F1 of the answer's short span;
 * yes/no questions (CMU, whose gold answers all start with yes or no) are scored instead by
 * the polarity the answer commits to. SQuAD gold answers are spans, so only `yesNo` datasets
 * get the yes/no treatment. A "not found" answer scores 0 throughout.
 */
export function scoreAnswer(
  question: Pick<EvalQuestion, 'answers' | 'language' | 'goldSources'>,
  answer: string,
  context: { citedSources: readonly string[]; unanswered: boolean; yesNo?: boolean; chatRank?: number },
): Omit<QuestionResult, 'id' | 'language' | 'question' | 'goldAnswers' | 'rank' | 'chatRank'> {
  const text = answerText(answer);
  const gold = new Set(question.goldSources);
  const scored: Omit<QuestionResult, 'id' | 'language' | 'question' | 'goldAnswers' | 'rank' | 'chatRank'> = {
    answer: text,
    citedGold: context.citedSources.some((source) => gold.has(source)) ? 1 : 0,
    notFound: context.unanswered ? 1 : 0,
  };
  const inTop3 = context.chatRank !== undefined && context.chatRank <= 3;
  const polarity = context.yesNo ? goldPolarity(question.answers) : undefined;
  if (polarity) {
    scored.expectedPolarity = polarity;
    scored.yesNoCorrect = context.unanswered ? 0 : yesNoCorrect(text, polarity);
    scored.retrievedNotAnswered = inTop3 && scored.yesNoCorrect === 0 ? 1 : 0;
    return scored;
  }
  const span = context.unanswered ? '' : answerSpan(answer);
  scored.span = span;
  scored.exactMatch = exactMatch(span, question.answers, question.language);
  scored.f1 = f1Score(span, question.answers, question.language);
  scored.containsGold = context.unanswered ? 0 : containsGold(answer, question.answers, question.language);
  scored.shortFactoid = isShortFactoid(question.answers);
  scored.retrievedNotAnswered = inTop3 && scored.containsGold === 0 ? 1 : 0;
  return scored;
}

function aggregate(results: readonly QuestionResult[], cutoffs: readonly number[], options: EvaluationOptions): EvalMetrics {
  const retrieval = summarizeRetrieval(
    results.map((result) => result.rank),
    cutoffs,
  );
  const metrics: EvalMetrics = { questions: results.length, recall: retrieval.recall, mrr: round(retrieval.mrr, 4) };
  for (const key of Object.keys(metrics.recall)) metrics.recall[Number(key)] = round(metrics.recall[Number(key)]!, 4);
  if (options.retrievalOnly) return metrics;
  const factoid = results.filter((result) => result.expectedPolarity === undefined);
  const short = factoid.filter((result) => result.shortFactoid);
  const yesNo = results.filter((result) => result.expectedPolarity !== undefined);
  const mean = (items: readonly QuestionResult[], pick: (result: QuestionResult) => number | undefined) =>
    items.length === 0 ? 0 : round(items.reduce((sum, item) => sum + (pick(item) ?? 0), 0) / items.length, 4);
  metrics.answers = {
    factoidQuestions: factoid.length,
    exactMatch: mean(factoid, (result) => result.exactMatch),
    f1: mean(factoid, (result) => result.f1),
    containsGold: mean(factoid, (result) => result.containsGold),
    shortFactoidQuestions: short.length,
    shortFactoidContainsGold: mean(short, (result) => result.containsGold),
    yesNoQuestions: yesNo.length,
    yesNoAccuracy: mean(yesNo, (result) => result.yesNoCorrect),
    citedGold: mean(results, (result) => result.citedGold),
    notFound: mean(results, (result) => result.notFound),
    goldInTop3: mean(results, (result) => (result.chatRank !== undefined && result.chatRank <= 3 ? 1 : 0)),
    retrievedNotAnswered: mean(results, (result) => result.retrievedNotAnswered),
  };
  if (options.unanswerable) metrics.answers.falseAnswer = round(1 - metrics.answers.notFound, 4);
  return metrics;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
