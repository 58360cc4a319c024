import { detectLanguage, type Language } from './detect-language.js';
import { detectMetaQuestion, type MetaTopic } from './meta-question.js';
import { detectOffTopicRequest } from './off-topic.js';
import { analyseSocial, type SocialKind } from './social-lexicon.js';

export type Intent = 'question' | 'greeting' | 'smalltalk' | 'off_topic';

export interface IntentClassification {
  intent: Intent;
  language: Language;
  /** 0..1: how sure the rule that fired is. */
  confidence: number;
  /** Which rule fired, for logs and debugging. */
  reason: string;
  /** Set when the question is about the assistant itself ("¿qué formatos admite?"); it is still a `question`. */
  meta?: MetaTopic;
}

export { OFF_TOPIC_LEXICON, DEFAULT_OFF_TOPIC_THRESHOLD, decideOffTopic, detectOffTopicRequest } from './off-topic.js';

const GREETING_KINDS: ReadonlySet<SocialKind> = new Set(['hello', 'farewell']);

// Words that open a question in either language (accent-folded).
const INTERROGATIVES = new Set(
  `que quien quienes cual cuales cuando donde como cuanto cuanta cuantos cuantas por porque what who whom whose which
  when where why how is are was were do does did can could should would will has have`.split(/\s+/),
);

/**
 * Offline intent classifier: tells greetings and small talk (answered with a canned reply, no
 * retrieval, no tokens) and obvious off-topic requests from real questions. Anything that is not
 * clearly social or off-topic is a question; whether the documents cover it is decided later by
 * retrieval scores (see decideOffTopic).
 *
 * Greetings and farewells are `greeting`; thanks, "how are you", "who are you", "what can you
 * do", acknowledgements and laughter are `smalltalk`. A greeting followed by a request
 * ("hola, ¿quién dirigió Scrooge?") is judged by the request. Thanks and praise with words of
 * their own ("thanks, that was helpful") are small talk. Questions about the assistant itself
 * ("what file types do you support?") are questions with `meta` set, so they are answered from
 * the assistant's guide when the documents hold one.
 */
export function classifyMessage(message: string): IntentClassification {
  const language = detectLanguage(message);
  const analysis = analyseSocial(message);

  if (analysis.tokens.length === 0) {
    const waves = /[\u{1F44B}\u{1F64B}\u{1F91A}]/u.test(message);
    return {
      intent: waves ? 'greeting' : 'smalltalk',
      language,
      confidence: waves ? 0.8 : 0.5,
      reason: waves ? 'waving emoji' : 'no words (emoji or punctuation only)',
    };
  }

  if (analysis.social) {
    const kinds = analysis.matches.map((match) => match.kind);
    const typo = analysis.matches.some((match) => match.typo);
    const phrases = analysis.matches.map((match) => `"${match.phrase}"`).join(', ');
    const greeting = kinds.some((kind) => GREETING_KINDS.has(kind));
    return {
      intent: greeting ? 'greeting' : 'smalltalk',
      language,
      confidence: typo ? 0.8 : 0.95,
      reason: `${greeting ? 'greeting' : 'small-talk'} lexicon${typo ? ' (typo-tolerant)' : ''}: ${phrases}`,
    };
  }

  const offTopic = detectOffTopicRequest(message);
  if (offTopic) {
    return { intent: 'off_topic', language, confidence: 0.9, reason: `off-topic request: ${offTopic.topic}` };
  }

  // Questions about the assistant are answered from its guide among the documents, not canned.
  const meta = detectMetaQuestion(message);
  if (meta) {
    return { intent: 'question', language, confidence: 0.9, reason: `question about the assistant: ${meta}`, meta };
  }

  const rest = analysis.tokens.slice(analysis.coveredUntil);
  const interrogative = message.includes('?') || message.includes('¿') || INTERROGATIVES.has(rest[0] ?? '');
  const opener = analysis.matches.length > 0 ? `after "${analysis.matches.map((m) => m.phrase).join(' ')}" ` : '';
  return {
    intent: 'question',
    language,
    confidence: interrogative ? 0.85 : 0.7,
    reason: `${opener}request with content words; the documents decide whether it is answerable`,
  };
}
