import { ConversationRepository, runChatTurn } from '../chat-workflow/index.js';
import type { ChatModel } from '../chat-models/chat-model.js';
import type { ChunkingOptions } from '../chunking/chunk-document.js';
import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { type DocumentPreparer, type JobRepository, runIngestJob } from '../ingestion/index.js';
import { retrieve } from '../retrieval/retrieve.js';
import type { Database } from '../store/database.js';
import type { VectorStore } from '../store/vector-store.js';
import { answerInAnswer, answerText, exactMatch, f1Score, goldPolarity, type Polarity, yesNoCorrect } from './answer-metrics.js';
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
  onProgress?: (stage: 'ingest' | 'questions', done: number, total: number) => void;
}

/** How one question fared. */
export interface QuestionResult {
  id: string;
  language: string;
  /** 1-based rank of the first chunk from a gold document, if within the retrieved list. */
  rank?: number;
  answer?: string;
  /** Set for questions whose gold answers are all yes or no. */
  expectedPolarity?: Polarity;
  exactMatch?: number;
  f1?: number;
  answerInAnswer?: number;
  yesNoCorrect?: number;
  /** The answer cites a passage of a gold document. */
  citedGold?: number;
  /** The chat gave no answer (not found, or treated the message as off-topic). */
  unanswered?: number;
}

export interface EvalMetrics {
  questions: number;
  /** recall@k by k (1, 3, 10 and the requested k). */
  recall: Record<number, number>;
  mrr: number;
  answers?: {
    /** Questions scored with EM/F1/answer-in-answer (not yes/no). */
    factoidQuestions: number;
    exactMatch: number;
    f1: number;
    answerInAnswer: number;
    yesNoQuestions: number;
    yesNoAccuracy: number;
    citedGold: number;
    unanswered: number;
  };
}

export interface EvalReport {
  dataset: { name: string; format: EvalDataset['format']; documents: number; questions: number };
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
export async function runEvaluation(
  dataset: EvalDataset,
  deps: EvaluationDependencies,
  options: EvaluationOptions = {},
): Promise<EvalReport> {
  const started = performance.now();
  const k = options.k ?? 3;
  const retrievedPerQuestion = Math.max(10, k);
  const cutoffs = [...new Set([...RECALL_CUTOFFS, k])].sort((a, b) => a - b);

  const ingestStarted = performance.now();
  const jobId = await deps.jobs.create('eval', dataset.documents.map((document) => ({ source: document.source })));
  const ingest = await runIngestJob(
    jobId,
    dataset.documents.map((document) => ({ source: document.source, read: async () => document.bytes })),
    { store: deps.store, embedder: deps.embedder, jobs: deps.jobs, chunking: deps.chunking, maxDocumentBytes: deps.maxDocumentBytes, preparer: deps.preparer },
    { concurrency: options.ingestConcurrency ?? 4, onProgress: (_outcome, done, total) => options.onProgress?.('ingest', done, total) },
  );
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;
  const failed = ingest.documents.filter((document) => document.status === 'failed');

  const questions = options.limit ? dataset.questions.slice(0, options.limit) : dataset.questions;
  const conversations = new ConversationRepository(deps.db);
  const results: QuestionResult[] = [];
  let chatInfo: EvalReport['chat'];
  for (const [index, question] of questions.entries()) {
    const { chunks } = await retrieve(question.question, deps, { k: retrievedPerQuestion });
    const result: QuestionResult = { id: question.id, language: question.language };
    const rank = goldRank(chunks.map((chunk) => chunk.source), question.goldSources);
    if (rank !== undefined) result.rank = rank;
    if (!options.retrievalOnly) {
      const response = await runChatTurn(
        { message: question.question },
        { store: deps.store, embedder: deps.embedder, conversations, chatModel: deps.chatModel, topK: k },
      );
      chatInfo ??= { provider: deps.chatModel ? deps.chatModel.id : 'local', answerMode: response.answerMode };
      if (response.answerMode !== 'direct') chatInfo.answerMode = response.answerMode;
      Object.assign(result, scoreAnswer(question, response.answer, {
        citedSources: response.citations.map((citation) => citation.source),
        unanswered: response.notFound === true || response.intent !== 'question',
        yesNo: dataset.format === 'cmu-qa',
      }));
    }
    results.push(result);
    options.onProgress?.('questions', index + 1, questions.length);
  }

  const byLanguage: Record<string, EvalMetrics> = {};
  for (const language of [...new Set(results.map((result) => result.language))].sort()) {
    byLanguage[language] = aggregate(results.filter((result) => result.language === language), cutoffs, options.retrievalOnly);
  }
  const report: EvalReport = {
    dataset: { name: dataset.name, format: dataset.format, documents: dataset.documents.length, questions: questions.length },
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
    overall: aggregate(results, cutoffs, options.retrievalOnly),
    byLanguage,
    seconds: round((performance.now() - started) / 1000, 2),
    questions: results,
  };
  if (chatInfo) report.chat = chatInfo;
  return report;
}

/**
 * Scores one answer: yes/no questions by the polarity it commits to, others by EM, F1 and
 * answer-in-answer. SQuAD gold answers are spans, so only `yesNo` datasets (CMU) get the
 * yes/no treatment.
 */
export function scoreAnswer(
  question: Pick<EvalQuestion, 'answers' | 'language' | 'goldSources'>,
  answer: string,
  context: { citedSources: readonly string[]; unanswered: boolean; yesNo?: boolean },
): Omit<QuestionResult, 'id' | 'language' | 'rank'> {
  const text = answerText(answer);
  const gold = new Set(question.goldSources);
  const scored: Omit<QuestionResult, 'id' | 'language' | 'rank'> = {
    answer: text,
    citedGold: context.citedSources.some((source) => gold.has(source)) ? 1 : 0,
    unanswered: context.unanswered ? 1 : 0,
  };
  const polarity = context.yesNo ? goldPolarity(question.answers) : undefined;
  if (polarity) {
    scored.expectedPolarity = polarity;
    scored.yesNoCorrect = context.unanswered ? 0 : yesNoCorrect(text, polarity);
    return scored;
  }
  const prediction = context.unanswered ? '' : text;
  scored.exactMatch = exactMatch(prediction, question.answers, question.language);
  scored.f1 = f1Score(prediction, question.answers, question.language);
  scored.answerInAnswer = answerInAnswer(prediction, question.answers, question.language);
  return scored;
}

function aggregate(results: readonly QuestionResult[], cutoffs: readonly number[], retrievalOnly = false): EvalMetrics {
  const retrieval = summarizeRetrieval(results.map((result) => result.rank), cutoffs);
  const metrics: EvalMetrics = { questions: results.length, recall: retrieval.recall, mrr: round(retrieval.mrr, 4) };
  for (const key of Object.keys(metrics.recall)) metrics.recall[Number(key)] = round(metrics.recall[Number(key)]!, 4);
  if (retrievalOnly) return metrics;
  const factoid = results.filter((result) => result.expectedPolarity === undefined);
  const yesNo = results.filter((result) => result.expectedPolarity !== undefined);
  const mean = (items: readonly QuestionResult[], pick: (result: QuestionResult) => number | undefined) =>
    items.length === 0 ? 0 : round(items.reduce((sum, item) => sum + (pick(item) ?? 0), 0) / items.length, 4);
  metrics.answers = {
    factoidQuestions: factoid.length,
    exactMatch: mean(factoid, (result) => result.exactMatch),
    f1: mean(factoid, (result) => result.f1),
    answerInAnswer: mean(factoid, (result) => result.answerInAnswer),
    yesNoQuestions: yesNo.length,
    yesNoAccuracy: mean(yesNo, (result) => result.yesNoCorrect),
    citedGold: mean(results, (result) => result.citedGold),
    unanswered: mean(results, (result) => result.unanswered),
  };
  return metrics;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
