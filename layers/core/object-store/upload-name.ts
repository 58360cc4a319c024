import { RagError } from '../errors.js';

const MAX_NAME_BYTES = 255;

/**
 * The key prefix of documents uploaded through the API, beside each SFTP user's folder. The
 * IAM policy of the AWS upload role and the local store use this one constant.
 */
export const API_UPLOAD_PREFIX = 'api-uploads/';

/**
 * Checks an uploaded file name and returns it NFC-normalised. A name with a path, `..`, NUL
 * or control characters is refused with a clear reason (code `invalid_file_name`) rather than
 * silently rewritten, so users learn why their file was not accepted.
 */
export function safeUploadName(name: string | undefined): string {
  const raw = (name ?? '').normalize('NFC').trim();
  const refuse = (why: string) => new RagError('invalid_file_name', why);
  if (!raw) throw refuse('Each uploaded file needs a file name.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw refuse(`File name ${JSON.stringify(raw.replace(/\u0000/g, '\\0'))} contains control characters.`);
  if (raw.includes('/') || raw.includes('\\')) throw refuse(`File name ${JSON.stringify(raw)} must not contain a path.`);
  if (raw.startsWith('.')) throw refuse(`File name ${JSON.stringify(raw)} must not start with a dot.`);
  if (Buffer.byteLength(raw) > MAX_NAME_BYTES) throw refuse(`File name is longer than ${MAX_NAME_BYTES} bytes.`);
  return raw;
}

/** The object key of an API upload. */
export function apiUploadKey(name: string): string {
  return `${API_UPLOAD_PREFIX}${safeUploadName(name)}`;
}
