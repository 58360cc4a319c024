export { detectLanguage, type Language } from './detect-language.js';
export { classifyMessage, type Intent, type IntentClassification } from './classify-intent.js';
export {
  OFF_TOPIC_LEXICON,
  DEFAULT_OFF_TOPIC_THRESHOLD,
  DEFAULT_MIN_VECTOR_SCORE,
  decideOffTopic,
  detectOffTopicRequest,
  isWeakMatch,
  type OffTopicOptions,
  type OffTopicRule,
  type OffTopicTopic,
} from './off-topic.js';
export { analyseSocial, stripSocialPrefix, type SocialAnalysis, type SocialKind, type SocialMatch } from './social-lexicon.js';
export { detectMetaQuestion, metaFallbackReply, metaQuery, META_QUESTION_RULES, type MetaTopic } from './meta-question.js';
export { directReply } from './direct-reply.js';
export { rewriteQuery, type HistoryTurn, type RewriteOptions, type RewrittenQuery } from './rewrite-query.js';
export { salientTerms, type SalientTerms } from './salient-terms.js';
export { buildCitation, excerptAround, type Citation } from './citation.js';
export {
  buildExtractiveAnswer,
  DEFAULT_MIN_COVERAGE,
  DEFAULT_MIN_SPAN_COVERAGE,
  DEFAULT_MIN_TYPED_COVERAGE,
  extractiveLabel,
  notFoundReply,
  type ExtractiveAnswer,
  type ExtractiveAnswerOptions,
} from './extractive-answer.js';
export { scoreSentences, sentenceSpans, type ScoredSentence, type SentenceSpan } from './sentence-scoring.js';
export { contentTerms, stemTerm } from './content-terms.js';
export { analyseQuestion, answerTypeOf, type AnswerType, type QuestionAnalysis } from './question-analysis.js';
export { familyTerms, termFamily } from './derivation.js';
export { answerUnits, isBoilerplate, type AnswerUnit, type UnitKind } from './answer-units.js';
export { findAnswerSpan, type AnswerSpan } from './answer-span.js';
export { scoreUnits, type ScoredUnit } from './unit-scoring.js';
export { yesNoVerdict, type Verdict } from './yes-no.js';
export { editDistance, squeezeRepeats } from './fuzzy-match.js';
export {
  IMPROVE_SYSTEM_PROMPT,
  buildAnswerMessages,
  buildAnswerSystemPrompt,
  buildImproveMessages,
  escapeDelimiters,
  languageName,
  renderDocuments,
  safeLanguage,
} from './llm-prompts.js';
export { improveWithLlm, improveOffline, parseImproveReply, type ImproveOptions, type ImprovedMessage } from './improve-with-llm.js';
export {
  answerWithLlm,
  streamAnswerWithLlm,
  citationsForAnswer,
  leaksPrompt,
  type AnswerStreamEvent,
  type AnswerWithLlmOptions,
  type LlmAnswer,
} from './answer-with-llm.js';
