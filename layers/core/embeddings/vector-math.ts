/** Euclidean (L2) length of a vector. */
export function l2Norm(vector: readonly number[]): number {
  let sumOfSquares = 0;
  for (const value of vector) sumOfSquares += value * value;
  return Math.sqrt(sumOfSquares);
}

/**
 * Scales a vector to unit length, so that cosine similarity equals the dot product and
 * vectors from different providers compare on the same scale. A zero vector has no
 * direction and is returned as zeros rather than NaNs.
 *
 * @throws RangeError when a component is not a finite number.
 */
export function l2Normalize(vector: readonly number[]): number[] {
  for (const value of vector) {
    if (!Number.isFinite(value)) throw new RangeError('vector contains a non-finite component');
  }
  const norm = l2Norm(vector);
  if (norm === 0) return vector.slice();
  return vector.map((value) => value / norm);
}

/** True when every component is a finite number (providers occasionally return NaN or null). */
export function isFiniteVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((component) => typeof component === 'number' && Number.isFinite(component));
}
