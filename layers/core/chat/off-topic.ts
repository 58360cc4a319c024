import type { RetrievedChunk } from '../store/retrieved-chunk.js';
import { foldText } from '../text/index.js';

export type OffTopicTopic = 'joke' | 'weather' | 'time' | 'creative' | 'music' | 'game' | 'alarm' | 'personal' | 'arithmetic';

export interface OffTopicRule {
  topic: OffTopicTopic;
  /** Matched against the normalised message: accent-folded, lower-case, no apostrophes, single spaces. */
  pattern: RegExp;
}

/**
 * Requests that no document collection answers and that must not cost an embedding or a model
 * call. Deliberately narrow: "what is the climate of Peru?" is a question for the documents,
 * "what's the weather today?" is not.
 */
export const OFF_TOPIC_LEXICON: readonly OffTopicRule[] = [
  { topic: 'joke', pattern: /\b(?:tell|give|say|know)(?: me| us)?(?: (?:a|an|another|some|any|one|more))?(?: (?:good|funny|bad|dad|short|new))? jokes?\b/ },
  { topic: 'joke', pattern: /\bmake me laugh\b/ },
  { topic: 'joke', pattern: /\b(?:cuentame|cuentanos|cuenta|dime|sabes|echate|hazme|contame)(?: \w+){0,2} chistes?\b/ },
  { topic: 'joke', pattern: /\bhazme reir\b/ },
  { topic: 'joke', pattern: /^(?:a |an |another |un |otro )?(?:joke|chiste)s?$/ },
  { topic: 'weather', pattern: /\b(?:whats|what is|hows|how is) the weather\b/ },
  { topic: 'weather', pattern: /\bweather (?:today|tomorrow|tonight|forecast|like|now)\b/ },
  { topic: 'weather', pattern: /\b(?:will it|is it going to|gonna) (?:rain|snow)\b/ },
  { topic: 'weather', pattern: /\bque tiempo (?:hace|hara|va a hacer)\b/ },
  { topic: 'weather', pattern: /\b(?:como|que tal) (?:esta|estara) el (?:tiempo|clima)\b/ },
  { topic: 'weather', pattern: /\bclima (?:de |para )?(?:hoy|manana|ahora)\b/ },
  { topic: 'weather', pattern: /\b(?:va a|vaya a) (?:llover|nevar)\b/ },
  { topic: 'weather', pattern: /\bpronostico del tiempo\b/ },
  { topic: 'time', pattern: /\bwhat time is it\b/ },
  { topic: 'time', pattern: /\b(?:whats|what is) the time\b/ },
  { topic: 'time', pattern: /\bque horas? (?:es|son|tienes)\b/ },
  { topic: 'time', pattern: /\bwhat day is (?:it|today)\b/ },
  { topic: 'time', pattern: /\b(?:whats|what is) (?:the date|todays date|the date today)\b/ },
  { topic: 'time', pattern: /\bque (?:dia|fecha) es hoy\b/ },
  { topic: 'time', pattern: /\ba que (?:dia|fecha) estamos\b/ },
  {
    topic: 'creative',
    pattern:
      /\b(?:write|compose|make)(?: me| us)? (?:a|an|another|some)(?: \w+)? (?:poem|song|haiku|limerick|rap|love letter|bedtime story|short story|story)s?\b/,
  },
  {
    topic: 'creative',
    pattern:
      /\b(?:escribe|escribeme|escribenos|componme|compon|hazme|inventa|inventame)(?: me)? (?:un|una|otro|otra)(?: \w+)? (?:poema|cancion|cuento|historia|haiku|rap|carta de amor)\b/,
  },
  { topic: 'creative', pattern: /\bsing(?: me| us)? (?:a |another )?song\b/ },
  { topic: 'creative', pattern: /\b(?:cantame|cantanos|canta)(?: me)? (?:una |otra )?cancion\b/ },
  { topic: 'music', pattern: /\bplay (?:some |a |me a |me some )?(?:music|song)\b/ },
  { topic: 'music', pattern: /\b(?:pon|ponme)(?: algo de| una)? (?:musica|cancion)\b/ },
  { topic: 'game', pattern: /\b(?:flip|toss) a coin\b/ },
  { topic: 'game', pattern: /\b(?:lanza|tira) una moneda\b/ },
  { topic: 'game', pattern: /\broll (?:a |the )?(?:die|dice)\b/ },
  { topic: 'game', pattern: /\b(?:lanza|tira) (?:un |el |los )?dados?\b/ },
  { topic: 'game', pattern: /\b(?:lets play|play a game|juguemos|jugamos a)\b/ },
  { topic: 'alarm', pattern: /\bset (?:an? |the |me an? )?(?:alarm|timer|reminder)\b/ },
  { topic: 'alarm', pattern: /\b(?:pon|ponme|configura|crea) (?:una |un )?(?:alarma|temporizador|recordatorio)\b/ },
  { topic: 'personal', pattern: /\b(?:whats|what is) your favou?rite\b/ },
  { topic: 'personal', pattern: /\bcual es tu \w+ favorit[ao]\b/ },
  { topic: 'personal', pattern: /\b(?:do you|can you) (?:love|like) me\b/ },
  { topic: 'personal', pattern: /\b(?:me quieres|te gusto|tienes novi[ao])\b/ },
  { topic: 'personal', pattern: /\bare you (?:single|married|happy|sad)\b/ },
  {
    topic: 'arithmetic',
    pattern:
      /^(?:cuanto es|how much is|what is|whats|calcula|calculate)? ?\d+(?:[.,]\d+)? ?(?:\+|-|\*|\/|x|mas|menos|por|entre|plus|minus|times|divided by) ?\d+(?:[.,]\d+)?$/,
  },
];

// Long messages that merely quote such a phrase ("in the film, who says 'tell me a joke'?") are questions.
const MAX_OFF_TOPIC_WORDS = 16;

/** Lower-cased, accent-folded, apostrophes removed, anything but letters, digits and arithmetic signs as spaces. */
export function normaliseForRules(message: string): string {
  return foldText(message.replace(/['’]/g, ''))
    .replace(/[^\p{L}\p{N}+\-*/.,]+/gu, ' ')
    .replace(/(?<!\d)[.,]|[.,](?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The off-topic rule a message trips, if any. */
export function detectOffTopicRequest(message: string): OffTopicRule | undefined {
  const normalised = normaliseForRules(message);
  if (normalised.split(' ').length > MAX_OFF_TOPIC_WORDS) return undefined;
  return OFF_TOPIC_LEXICON.find((rule) => rule.pattern.test(normalised));
}

/**
 * Fused-score threshold at or below which the best chunk counts as "nothing matched".
 * Retrieval's `score` is reciprocal-rank fusion normalised so that rank 1 in both the vector
 * and the text list is 1.0; any chunk found by either list scores above 0. 0 is therefore the
 * most conservative choice: only an empty result is off-topic by fused score alone, and the
 * per-list scores below make the finer call.
 */
export const DEFAULT_OFF_TOPIC_THRESHOLD = 0;

/**
 * Cosine similarity below which a chunk found only by the vector list (full-text rank 0) is
 * noise. Vector search always returns its top k, however unrelated. 0.15 suits both the local
 * hashing embedder and OpenAI text-embedding-3 (unrelated texts sit around 0.0–0.15 and
 * 0.05–0.2 respectively); raise it for a provider with a higher similarity floor.
 */
export const DEFAULT_MIN_VECTOR_SCORE = 0.15;

export interface OffTopicOptions {
  /** See DEFAULT_OFF_TOPIC_THRESHOLD. */
  threshold?: number;
  /** See DEFAULT_MIN_VECTOR_SCORE. */
  minVectorScore?: number;
}

/**
 * Decides after retrieval whether the question is beyond the documents, so no model tokens are
 * spent on it. Off-topic when nothing was retrieved, when the best fused score is at or below
 * the threshold, or when the text search found nothing (textScore 0) and the vector match is
 * weak. Give it the best chunk, or all retrieved chunks (off-topic only if every one is weak),
 * or a bare fused score and threshold.
 */
export function decideOffTopic(best: RetrievedChunk | readonly RetrievedChunk[] | undefined, options?: OffTopicOptions): boolean;
export function decideOffTopic(bestScore: number, threshold?: number): boolean;
export function decideOffTopic(best: RetrievedChunk | readonly RetrievedChunk[] | number | undefined, options?: OffTopicOptions | number): boolean {
  const settings: OffTopicOptions = typeof options === 'number' ? { threshold: options } : (options ?? {});
  const threshold = settings.threshold ?? DEFAULT_OFF_TOPIC_THRESHOLD;
  if (best === undefined) return true;
  if (typeof best === 'number') return !(best > threshold);
  const chunks: readonly RetrievedChunk[] = isChunkList(best) ? best : [best];
  return chunks.every((chunk) => isWeakMatch(chunk, settings));
}

/** A chunk that by itself does not show the documents cover the question. */
export function isWeakMatch(chunk: RetrievedChunk, options: OffTopicOptions = {}): boolean {
  const threshold = options.threshold ?? DEFAULT_OFF_TOPIC_THRESHOLD;
  const minVectorScore = options.minVectorScore ?? DEFAULT_MIN_VECTOR_SCORE;
  if (!(chunk.score > threshold)) return true;
  return !(chunk.textScore > 0) && chunk.vectorScore < minVectorScore;
}

function isChunkList(value: RetrievedChunk | readonly RetrievedChunk[]): value is readonly RetrievedChunk[] {
  return Array.isArray(value);
}
