/**
 * Collapses runs of a repeated character ("holaaa" → "hola", "hello" → "helo"). Both sides of a
 * comparison are squeezed, so stretched words ("graciasss", "buenas tardess") meet the lexicon.
 */
export function squeezeRepeats(word: string): string {
  return word.replace(/(.)\1+/gu, '$1');
}

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and adjacent
 * transpositions), giving up early: any result above `max` is returned as `max + 1`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let beforePrevious = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i += 1) {
    const current = new Array<number>(cols).fill(0);
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  const distance = previous[cols - 1]!;
  return distance > max ? max + 1 : distance;
}

/** How far a typo may stray from a lexicon word: none below 4 letters, one edit, two from 8 letters. */
export function allowedTypos(lexiconWord: string): number {
  const length = squeezeRepeats(lexiconWord).length;
  if (length < 4) return 0;
  return length >= 8 ? 2 : 1;
}

export type WordMatch = 'exact' | 'stretched' | 'typo' | 'none';

/**
 * Compares a folded input word with a folded lexicon word, tolerating stretched letters and,
 * for lexicon words of 4+ letters, a small number of typos after the first letter. `isRealWord` names words that sit
 * close to a lexicon word ("hora" vs "hola") and must never count as its typos.
 */
export function matchWord(input: string, lexiconWord: string, isRealWord?: (word: string) => boolean): WordMatch {
  if (input === lexiconWord) return 'exact';
  if (isRealWord?.(input)) return 'none';
  const squeezedInput = squeezeRepeats(input);
  const squeezedLexicon = squeezeRepeats(lexiconWord);
  if (squeezedInput === squeezedLexicon) return 'stretched';
  const budget = allowedTypos(lexiconWord);
  // Typos rarely hit the first letter, and allowing it would read "qien" as "bien".
  if (budget === 0 || squeezedInput.length < 3 || squeezedInput[0] !== squeezedLexicon[0]) return 'none';
  return editDistance(squeezedInput, squeezedLexicon, budget) <= budget ? 'typo' : 'none';
}
