import { foldedWords } from '../text/fold-text.js';
import { isStopword } from '../text/stopwords.js';
import type { EmbeddingBatch, EmbeddingProvider, EmbeddingPurpose } from './embedding-provider.js';

export interface LocalHashingEmbeddingOptions {
  /** Vector size. Larger means fewer hash collisions and more storage. @default 512 */
  dimensions?: number;
}

export const DEFAULT_LOCAL_DIMENSIONS = 512;

// Feature weights: whole words carry the topic; character n-grams let "presidente" meet
// "president", "pelicula" meet "películas", and survive typos.
const WORD_WEIGHT = 1;
const STEM_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
const NGRAM_WEIGHT = 0.8;
const NGRAM_SIZES = [3, 4, 5] as const;

/**
 * The offline default embedder: deterministic feature hashing over accent-folded words,
 * light stems, word bigrams and character n-grams, for Spanish and English. It needs no
 * model file and no network. It is lexical, not neural: it matches shared words and word
 * pieces, not meaning, which is why retrieval pairs it with Postgres full-text search.
 */
export class LocalHashingEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  readonly dimensions: number;

  constructor(options: LocalHashingEmbeddingOptions = {}) {
    this.dimensions = options.dimensions ?? DEFAULT_LOCAL_DIMENSIONS;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 16 || this.dimensions > 4096) {
      throw new RangeError(`Local embedding dimensions must be an integer in 16..4096 (got ${this.dimensions})`);
    }
    this.id = `local:hashing-v1@${this.dimensions}`;
  }

  async embed(texts: string[], _purpose: EmbeddingPurpose): Promise<EmbeddingBatch> {
    let tokens = 0;
    const vectors = texts.map((text) => {
      const { vector, wordCount } = this.embedOne(text);
      tokens += wordCount;
      return vector;
    });
    return { vectors, tokens };
  }

  embedOne(text: string): { vector: number[]; wordCount: number } {
    const words = foldedWords(text);
    const weights = new Map<number, number>();
    const add = (feature: string, weight: number) => {
      const hash = fnv1a(feature);
      const index = hash % this.dimensions;
      // A second hash bit picks the sign, so collisions cancel out on average instead of piling up.
      const signed = (hash & 0x80000000) === 0 ? weight : -weight;
      weights.set(index, (weights.get(index) ?? 0) + signed);
    };
    const counts = new Map<string, number>();
    let previous: string | undefined;
    for (const word of words) {
      if (isStopword(word)) {
        previous = undefined;
        continue;
      }
      counts.set(word, (counts.get(word) ?? 0) + 1);
      if (previous) counts.set(`${previous} ${word}`, (counts.get(`${previous} ${word}`) ?? 0) + 1);
      previous = word;
    }
    for (const [feature, count] of counts) {
      // Sub-linear term frequency: the tenth mention of a word adds little.
      const tf = 1 + Math.log(count);
      if (feature.includes(' ')) {
        add(`b:${feature}`, BIGRAM_WEIGHT * tf);
        continue;
      }
      add(`w:${feature}`, WORD_WEIGHT * tf);
      const stem = lightStem(feature);
      if (stem !== feature) add(`s:${stem}`, STEM_WEIGHT * tf);
      else add(`s:${feature}`, STEM_WEIGHT * tf);
      if (feature.length >= 4 && !/^\d+$/.test(feature)) {
        const padded = `<${feature}>`;
        const grams: string[] = [];
        for (const size of NGRAM_SIZES) {
          for (let i = 0; i + size <= padded.length; i += 1) grams.push(padded.slice(i, i + size));
        }
        const gramWeight = (NGRAM_WEIGHT * tf) / Math.sqrt(grams.length);
        for (const gram of grams) add(`g:${gram}`, gramWeight);
      }
    }
    const vector = new Array<number>(this.dimensions).fill(0);
    let norm = 0;
    for (const [index, weight] of weights) {
      vector[index] = weight;
      norm += weight * weight;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (const [index] of weights) vector[index] = vector[index]! * scale;
    }
    return { vector, wordCount: words.length };
  }
}

/** Strips the commonest English and Spanish inflections, so singular and plural meet. */
export function lightStem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['mente', 'ciones', 'cion', 'ingly', 'ing', 'edly', 'ed', 'ies', 'es', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      return suffix === 'ies' ? `${word.slice(0, -3)}y` : word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** 32-bit FNV-1a over UTF-16 code units: fast, deterministic across platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
