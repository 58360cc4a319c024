import { NETWORK_ERROR } from '../api/api-error.js';
import type { Translate } from '../i18n/i18n.js';
import type { MessageError } from './conversation.js';

/** A plain-language lead for an error; the server's own message goes underneath as the detail. */
export function describeError(error: MessageError, t: Translate): { lead: string; detail?: string } {
  if (error.code === NETWORK_ERROR || error.status === 0) return { lead: t('errorNetwork') };
  if (error.status === 401) return { lead: t('errorUnauthorized') };
  if (error.status === 429) return { lead: t('errorRateLimited'), detail: error.message };
  if (error.status === 504 || error.code === 'timeout') return { lead: t('errorTimeout') };
  if (error.status >= 400 && error.status < 500) return { lead: t('answerFailed'), detail: error.message };
  return { lead: t('errorServer'), detail: error.message };
}
