import { foldedWords } from '../text/fold-text.js';
import { isStopword } from '../text/stopwords.js';
import type { EmbeddingBatch, EmbeddingProvider, EmbeddingPurpose, PortableEmbeddingModel } from './embedding-provider.js';

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
  readonly portable: PortableEmbeddingModel;

  constructor(options: LocalHashingEmbeddingOptions = {}) {
    this.dimensions = options.dimensions ?? DEFAULT_LOCAL_DIMENSIONS;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 16 || this.dimensions > 4096) {
      throw new RangeError(`Local embedding dimensions must be an integer in 16..4096 (got ${this.dimensions})`);
    }
    this.id = `local:hashing-v1@${this.dimensions}`;
    this.portable = { kind: 'local-hashing', dimensions: this.dimensions };
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
    const counts = new Map<string, number>();
    let previous: string | undefined;
    for (const word of words) {
      if (isStopword(word)) {
        previous = undefined;
        continue;
      }
      counts.set(word, (counts.get(word) ?? 0) + 1);
      if (previous) {
        const bigram = `${previous} ${word}`;
        counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
      }
      previous = word;
    }
    // Features are added in the order of the counts map and each slot sums in that order, so
    // vectors are bit-for-bit those of a plain map of slot weights.
    const accumulator = new FeatureAccumulator(this.dimensions);
    for (const [feature, count] of counts) {
      // Sub-linear term frequency: the tenth mention of a word adds little.
      const tf = 1 + Math.log(count);
      if (feature.includes(' ')) {
        accumulator.add(fnv1aFrom(BIGRAM_SEED, feature), BIGRAM_WEIGHT * tf);
        continue;
      }
      const hashes = this.wordHashes(feature);
      accumulator.add(hashes.word, WORD_WEIGHT * tf);
      accumulator.add(hashes.stem, STEM_WEIGHT * tf);
      const grams = hashes.grams;
      if (grams.length > 0) {
        const gramWeight = (NGRAM_WEIGHT * tf) / Math.sqrt(grams.length);
        for (let i = 0; i < grams.length; i += 1) accumulator.add(grams[i]!, gramWeight);
      }
    }
    return { vector: accumulator.normalizedVector(), wordCount: words.length };
  }

  /** The hashes of a word's own features; words recur across a corpus, so they are computed once. */
  private wordHashes(word: string): WordHashes {
    let hashes = this.wordHashCache.get(word);
    if (hashes) return hashes;
    hashes = {
      word: fnv1aFrom(WORD_SEED, word),
      stem: fnv1aFrom(STEM_SEED, lightStem(word)),
      grams: word.length >= 4 && !isAsciiDigits(word) ? characterNgramHashes(word) : NO_GRAMS,
    };
    if (this.wordHashCache.size >= WORD_HASH_CACHE_SIZE) this.wordHashCache.clear();
    this.wordHashCache.set(word, hashes);
    return hashes;
  }

  private readonly wordHashCache = new Map<string, WordHashes>();
}

/** Bounds the per-provider cache of word hashes (about 200 bytes each). */
const WORD_HASH_CACHE_SIZE = 50_000;

interface WordHashes {
  word: number;
  stem: number;
  /** Hashes of the character n-grams of `<word>`, sizes {@link NGRAM_SIZES} in order. */
  grams: Uint32Array;
}

const NO_GRAMS = new Uint32Array(0);

/** Slot weights of one text, summed in the order features arrive. */
class FeatureAccumulator {
  private readonly weights: Float64Array;
  /** Slots in the order they were first touched: the norm is summed in this order. */
  private readonly order: Int32Array;
  private readonly touched: Uint8Array;
  private size = 0;

  constructor(private readonly dimensions: number) {
    this.weights = new Float64Array(dimensions);
    this.order = new Int32Array(dimensions);
    this.touched = new Uint8Array(dimensions);
  }

  add(hash: number, weight: number): void {
    const index = hash % this.dimensions;
    // A second hash bit picks the sign, so collisions cancel out on average instead of piling up.
    const signed = (hash & 0x80000000) === 0 ? weight : -weight;
    if (this.touched[index] === 0) {
      this.touched[index] = 1;
      this.order[this.size] = index;
      this.size += 1;
    }
    this.weights[index]! += signed;
  }

  normalizedVector(): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    let norm = 0;
    for (let i = 0; i < this.size; i += 1) {
      const weight = this.weights[this.order[i]!]!;
      norm += weight * weight;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
    for (let i = 0; i < this.size; i += 1) {
      const index = this.order[i]!;
      vector[index] = norm > 0 ? this.weights[index]! * scale : this.weights[index]!;
    }
    return vector;
  }
}

function isAsciiDigits(word: string): boolean {
  for (let i = 0; i < word.length; i += 1) {
    const code = word.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** Hashes of every n-gram of `<word>` (as "g:" features), without building the n-gram strings. */
function characterNgramHashes(word: string): Uint32Array {
  const length = word.length + 2;
  const codes = new Uint16Array(length);
  codes[0] = 0x3c; // <
  for (let i = 0; i < word.length; i += 1) codes[i + 1] = word.charCodeAt(i);
  codes[length - 1] = 0x3e; // >
  let total = 0;
  for (const size of NGRAM_SIZES) total += Math.max(0, length - size + 1);
  const hashes = new Uint32Array(total);
  let next = 0;
  for (const size of NGRAM_SIZES) {
    for (let start = 0; start + size <= length; start += 1) {
      let hash = GRAM_SEED;
      for (let i = start; i < start + size; i += 1) {
        hash ^= codes[i]!;
        hash = Math.imul(hash, 0x01000193);
      }
      hashes[next] = hash >>> 0;
      next += 1;
    }
  }
  return hashes;
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
  return fnv1aFrom(FNV_OFFSET_BASIS, text);
}

/** FNV-1a continued from the state left by a prefix, so "w:" + word is hashed without building it. */
function fnv1aFrom(state: number, text: string): number {
  let hash = state;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const FNV_OFFSET_BASIS = 0x811c9dc5;
const WORD_SEED = fnv1a('w:');
const STEM_SEED = fnv1a('s:');
const BIGRAM_SEED = fnv1a('b:');
const GRAM_SEED = fnv1a('g:');
