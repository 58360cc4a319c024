import { createHash } from 'node:crypto';
import { UUID_PATTERN } from '../contract/limits.js';

/** A UUID-shaped id derived from its parts, so redelivered work maps to the same rows. */
export function stableId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Version 8 ("custom") UUID layout keeps it a valid uuid for the column type.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const UUID = new RegExp(UUID_PATTERN);

/** Whether a value is UUID-shaped (ids from clients are checked before they reach a uuid column). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
