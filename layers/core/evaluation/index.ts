export type { EvalDataset, EvalDatasetFormat, EvalDocument, EvalQuestion } from './eval-dataset.js';
export { loadSquadDataset, parseSquadDataset, languageFromFileName } from './squad-dataset.js';
export { loadCmuQaDataset, parseQaPairs } from './cmu-qa-dataset.js';
export { loadEvalDataset } from './load-eval-dataset.js';
export { RECALL_CUTOFFS, goldRank, summarizeRetrieval, type RetrievalSummary } from './retrieval-metrics.js';
export {
  normalizeAnswer,
  answerText,
  exactMatch,
  f1Score,
  answerInAnswer,
  containsGold,
  isShortFactoid,
  polarityOf,
  goldPolarity,
  yesNoCorrect,
  type Polarity,
} from './answer-metrics.js';
export { answerSpan, highlightedSpan, quotedText } from './answer-span.js';
export { sampleQuestions, askQuestionsOver, withoutGoldDocuments } from './dataset-variants.js';
export {
  runEvaluation,
  scoreAnswer,
  type EvaluationDependencies,
  type EvaluationOptions,
  type EvalMetrics,
  type EvalReport,
  type QuestionResult,
} from './run-evaluation.js';
export { UnsavedConversations } from './unsaved-conversations.js';
