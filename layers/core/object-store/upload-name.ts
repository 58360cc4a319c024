import { HttpError } from './http-errors.js';

const MAX_NAME_BYTES = 255;

/**
 * Turns an uploaded file name into a safe object key segment. A name with a path, `..`, NUL
 * or control characters is refused with a clear reason rather than silently rewritten, so
 * users learn why their file was not accepted.
 */
export function safeUploadName(name: string | undefined): string {
  const raw = (name ?? '').normalize('NFC').trim();
  if (!raw) throw new HttpError(400, 'invalid_file_name', 'Each uploaded file needs a file name.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new HttpError(400, 'invalid_file_name', `File name ${JSON.stringify(raw.replace(/\u0000/g, '\\0'))} contains control characters.`);
  if (raw.includes('/') || raw.includes('\\')) throw new HttpError(400, 'invalid_file_name', `File name ${JSON.stringify(raw)} must not contain a path.`);
  if (raw === '.' || raw === '..' || raw.startsWith('.')) throw new HttpError(400, 'invalid_file_name', `File name ${JSON.stringify(raw)} must not start with a dot.`);
  if (Buffer.byteLength(raw) > MAX_NAME_BYTES) throw new HttpError(400, 'invalid_file_name', `File name is longer than ${MAX_NAME_BYTES} bytes.`);
  return raw;
}
