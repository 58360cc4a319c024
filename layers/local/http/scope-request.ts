import type { ScopeRequest } from '#core/access/access-policy.js';
import type { ChatScope } from '#core/contract/chat-scope-contract.js';
import { RagError } from '#core/errors.js';

/** `/api/chat`'s `collections` and `filters`. */
export function scopeFromChatBody(body: ChatScope): ScopeRequest {
  return { ...(body.filters ?? {}), ...(body.collections ? { collections: body.collections } : {}) };
}

/**
 * `/v1/chat/completions`' `metadata`: OpenAI metadata values are strings, so lists may also come
 * comma-separated (`"collections": "finance,handbook"`). Unknown keys are ignored, as OpenAI
 * clients put their own there.
 */
export function scopeFromMetadata(metadata: unknown): ScopeRequest {
  if (metadata === undefined || metadata === null) return {};
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new RagError('invalid_request', 'metadata must be an object.');
  const m = metadata as Record<string, unknown>;
  const list = (key: string): string[] | undefined => {
    const value = m[key];
    if (value === undefined) return undefined;
    const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
    if (!items || items.some((item) => typeof item !== 'string'))
      throw new RagError('invalid_request', `metadata.${key} must be a list of strings or a comma-separated string.`);
    return (items as string[]).map((item) => item.trim()).filter(Boolean);
  };
  const instant = (key: string): string | undefined => {
    const value = m[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new RagError('invalid_request', `metadata.${key} must be an ISO 8601 date.`);
    return value;
  };
  const scope: ScopeRequest = {};
  const collections = list('collections');
  if (collections) scope.collections = collections;
  if (typeof m.sourcePrefix === 'string' && m.sourcePrefix) scope.sourcePrefix = m.sourcePrefix;
  const formats = list('formats');
  if (formats) scope.formats = formats;
  const languages = list('languages');
  if (languages) scope.languages = languages;
  const from = instant('updatedFrom');
  if (from) scope.updatedFrom = from;
  const to = instant('updatedTo');
  if (to) scope.updatedTo = to;
  return scope;
}
