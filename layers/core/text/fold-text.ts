const COMBINING_MARKS = /[\u0300-\u036f]/g;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Lower-cases and strips accents, so "Película", "pelicula" and "PELÍCULA" meet.
 * Spanish users often type without accents; retrieval must not care.
 */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** Accent-folded word tokens (letters and digits), in order. */
export function foldedWords(text: string): string[] {
  return foldText(text).match(WORD) ?? [];
}
