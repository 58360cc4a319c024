import type { Translate } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';

/**
 * The error codes (layers/core/contract/error-codes.ts) that the site words itself: a failed
 * document's in a job result, a refused file's in an upload (`refused[].code`), and an upload
 * refused whole.
 */
const REASON_BY_CODE: Record<string, MessageKey> = {
  unsupported_type: 'reasonUnsupportedType',
  encrypted: 'reasonEncrypted',
  corrupt: 'reasonCorrupt',
  empty: 'reasonEmpty',
  binary: 'reasonBinary',
  invalid_encoding: 'reasonInvalidEncoding',
  too_large: 'reasonTooLarge',
  no_text_layer: 'reasonNoTextLayer',
  too_complex: 'reasonTooComplex',
  provider_rate_limited: 'reasonProviderRateLimited',
  provider_unavailable: 'reasonProviderUnavailable',
  provider_timeout: 'reasonProviderTimeout',
  database_unavailable: 'reasonDatabaseUnavailable',
  internal_error: 'reasonInternalError',
  payload_too_large: 'reasonUploadTooLarge',
  invalid_file_name: 'reasonInvalidFileName',
  unsupported_media_type: 'reasonUnsupportedMediaType',
};

export interface FailureReason {
  /** In the reader's language when the code is known; the server's text otherwise. */
  text: string;
  /** The server's own words (English, with the limits and numbers), when `text` is the site's. */
  detail?: string;
}

/**
 * Why a file failed, for the reader: the site's sentence for the error code, in the reader's
 * language, with the server's more precise text beside it. The server's text leads with the
 * file's source, which the card already shows, so that prefix is dropped.
 */
export function failureReason(code: string | undefined, serverText: string | undefined, source: string, t: Translate): FailureReason | undefined {
  const detail = serverText?.startsWith(`${source}: `) ? serverText.slice(source.length + 2) : serverText;
  const key = code ? REASON_BY_CODE[code] : undefined;
  if (!key) return detail ? { text: detail } : undefined;
  return detail ? { text: t(key), detail } : { text: t(key) };
}
