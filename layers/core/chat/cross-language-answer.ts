import type { RetrievedChunk } from '../store/retrieved-chunk.js';
import { answerAvoidingRepeat } from './avoid-repeated-answer.js';
import { detectLanguage } from './detect-language.js';
import type { ExtractiveAnswer, ExtractiveAnswerOptions } from './extractive-answer.js';
import { analyseQuestion } from './question-analysis.js';

/**
 * The extractive answer when the question may be in another language than the passages: the
 * question itself first, then each of its translations (`alternateQueries`, the forms retrieval
 * searched) until one is supported. A Spanish question over English passages shares almost no
 * words with them, so only its English form can find the sentence that answers it. The reply
 * stays in the question's language, and the expected answer comes from the question, since a
 * word-by-word translation drops its "quién" or "dónde".
 */
export function answerAcrossLanguages(
  question: string,
  alternateQueries: readonly string[] | undefined,
  chunks: readonly RetrievedChunk[],
  options: ExtractiveAnswerOptions,
  previousAnswer?: string,
): ExtractiveAnswer {
  const direct = answerAvoidingRepeat(question, chunks, options, previousAnswer);
  if (direct.supported || !alternateQueries?.length) return direct;
  const answerType = analyseQuestion(question, options.language).type;
  for (const alternate of alternateQueries) {
    const translated = answerAvoidingRepeat(alternate, chunks, { ...options, queryLanguage: detectLanguage(alternate), answerType }, previousAnswer);
    if (translated.supported) return translated;
  }
  return direct;
}
