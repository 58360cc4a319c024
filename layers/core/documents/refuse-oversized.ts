import type { RefusedFile } from '../contract/documents-contract.js';
import { RagError } from '../errors.js';
import { formatMegabytes } from '../text/format-megabytes.js';

export type { RefusedFile } from '../contract/documents-contract.js';

/** Why a file over the per-file limit is refused, in MB, naming it: the same code and words on AWS and locally. */
export function oversizedRefusal(name: string, limitBytes: number): RefusedFile {
  return { name, code: 'too_large', reason: `${name}: the file is larger than the ${formatMegabytes(limitBytes)} limit per file.` };
}

/**
 * An upload where every file was refused is itself refused (413, naming each file); with one
 * file taken, the others are reported in `refused` beside it.
 */
export function assertSomethingTaken(taken: number, refused: readonly RefusedFile[]): void {
  if (taken === 0 && refused.length > 0) throw new RagError('payload_too_large', refused.map((file) => file.reason).join(' '));
}
