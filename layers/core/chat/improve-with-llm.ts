import { z } from 'zod';
import type { ChatModel, ChatUsage } from '../chat-models/chat-model.js';
import { describeError } from '../errors.js';
import { classifyMessage, type Intent } from './classify-intent.js';
import type { Language } from './detect-language.js';
import { directReply } from './direct-reply.js';
import { metaQuery, type MetaTopic } from './meta-question.js';
import { buildImproveMessages, safeLanguage, type ImprovePromptOptions } from './llm-prompts.js';
import { rewriteQuery, type HistoryTurn } from './rewrite-query.js';
import { stripSocialPrefix } from './social-lexicon.js';

export interface ImprovedMessage {
  intent: Intent;
  language: Language;
  /** The query to retrieve with; the message itself when it stands alone or is not a question. */
  standaloneQuery: string;
  /** The standalone query in the other languages of the documents, searched beside it. */
  alternateQueries?: string[];
  /** The reply for greeting, small talk and off-topic messages. */
  reply?: string;
  usage: ChatUsage;
  /** 'offline' when the lexicon classifier and rewriter decided, 'llm' when the model did. */
  source: 'llm' | 'offline';
  /** True when the model was asked but failed or replied with something unusable. */
  fallback: boolean;
  /** Why the model's reply was not used, when `fallback` is true. */
  fallbackReason?: string;
  /** Set for a question about the assistant itself; the answer falls back to its own description. */
  meta?: MetaTopic;
  /** True when the query was completed from earlier turns (a follow-up). */
  followUp?: boolean;
}

export interface ImproveOptions extends ImprovePromptOptions {
  /**
   * Skip the model when the offline classifier is sure the message is a greeting, small talk or
   * an off-topic request: it saves a model call on "hola" and "thanks". @default true
   */
  offlineShortcut?: boolean;
  /** Least offline confidence for the shortcut. @default 0.9 */
  shortcutConfidence?: number;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
}

const IMPROVE_REPLY = z.object({
  intent: z.enum(['question', 'greeting', 'smalltalk', 'off_topic']),
  language: z.string().trim().min(2).max(12),
  standalone_query: z.string().max(4000).optional().default(''),
  reply: z.string().max(2000).nullish(),
  alternate_queries: z.array(z.string().max(4000)).max(8).nullish(),
});

const NO_USAGE: ChatUsage = { inputTokens: 0, outputTokens: 0 };

/**
 * The offline improve step: lexicon classifier plus history-aware rewriter, no tokens spent. A
 * greeting before the question is left out of the query ("Hola, ¿cuántas cuerdas tiene un
 * violín?"), and a question about the assistant is searched with its guide's vocabulary.
 */
export function improveOffline(message: string, history: readonly HistoryTurn[]): ImprovedMessage {
  const classification = classifyMessage(message);
  const improved: ImprovedMessage = {
    intent: classification.intent,
    language: classification.language,
    standaloneQuery: message,
    usage: { ...NO_USAGE },
    source: 'offline',
    fallback: false,
  };
  if (classification.intent !== 'question') {
    improved.reply = directReply(classification.intent, classification.language, message);
    return improved;
  }
  const request = stripSocialPrefix(message);
  if (classification.meta) {
    improved.meta = classification.meta;
    improved.standaloneQuery = metaQuery(request, classification.meta, classification.language);
  } else {
    const rewritten = rewriteQuery(request, history);
    improved.standaloneQuery = rewritten.query;
    if (rewritten.rewritten) improved.followUp = true;
  }
  return improved;
}

/**
 * The improve step with a chat model: one JSON call that classifies the message, detects its
 * language and rewrites follow-ups into a standalone query. Obvious greetings and small talk are
 * answered offline without a call (see `offlineShortcut`). A provider error, a reply that is not
 * JSON or a reply that fails validation falls back to the offline step, with `fallback: true`;
 * tokens already spent are still reported.
 */
export async function improveWithLlm(
  model: ChatModel,
  message: string,
  history: readonly HistoryTurn[],
  options: ImproveOptions = {},
): Promise<ImprovedMessage> {
  const offline = classifyMessage(message);
  if (options.offlineShortcut ?? true) {
    if (offline.intent !== 'question' && offline.confidence >= (options.shortcutConfidence ?? 0.9)) {
      return improveOffline(message, history);
    }
  }
  // A question about the assistant needs no rewriting, only its guide's vocabulary: no model call.
  if (offline.meta) return improveOffline(message, history);

  let usage = { ...NO_USAGE };
  let failure: string;
  try {
    const completion = await model.complete({
      messages: buildImproveMessages(message, history, options),
      json: true,
      temperature: options.temperature ?? 0,
      maxTokens: options.maxTokens ?? 400,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    usage = { inputTokens: completion.usage.inputTokens, outputTokens: completion.usage.outputTokens };
    const parsed = parseImproveReply(completion.text);
    if (parsed.ok) {
      const { intent, language, standalone_query: query, reply, alternate_queries: alternates } = parsed.value;
      const code = safeLanguage(language);
      const standaloneQuery = intent === 'question' && query.trim() ? query.trim() : message;
      const improved: ImprovedMessage = {
        intent,
        language: code,
        standaloneQuery,
        usage,
        source: 'llm',
        fallback: false,
      };
      if (intent === 'question' && history.length > 0 && improved.standaloneQuery !== message) improved.followUp = true;
      const alternateQueries = [...new Set((alternates ?? []).map((alternate) => alternate.trim()))].filter(
        (alternate) => alternate && alternate !== standaloneQuery,
      );
      if (intent === 'question' && alternateQueries.length > 0) improved.alternateQueries = alternateQueries;
      if (intent !== 'question') improved.reply = reply?.trim() || directReply(intent, code, message);
      return improved;
    }
    failure = parsed.error;
  } catch (error) {
    if (options.signal?.aborted) throw error;
    failure = `model call failed: ${describeError(error)}`;
  }
  return { ...improveOffline(message, history), usage, fallback: true, fallbackReason: failure };
}

type Parsed = { ok: true; value: z.infer<typeof IMPROVE_REPLY> } | { ok: false; error: string };

/** Reads the model's JSON, tolerating code fences and prose around the object. */
export function parseImproveReply(text: string): Parsed {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return { ok: false, error: 'reply has no JSON object' };
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch {
    return { ok: false, error: 'reply is not valid JSON' };
  }
  const result = IMPROVE_REPLY.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, error: `reply failed validation${issue ? ` at ${issue.path.join('.') || 'root'}: ${issue.message}` : ''}` };
  }
  return { ok: true, value: result.data };
}
