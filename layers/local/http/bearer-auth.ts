import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks an `Authorization: Bearer <token>` header in constant time: both sides are hashed
 * first, so neither the length nor the content of the secret leaks through timing.
 */
export function isAuthorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  const presented = createHash('sha256').update(match?.[1]?.trim() ?? '').digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(presented, expected) && Boolean(match);
}
