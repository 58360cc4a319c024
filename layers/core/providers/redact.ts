/**
 * Keeps secrets out of error messages and logs. Provider error texts sometimes echo a
 * (partly masked) key back, and endpoint URLs may carry basic-auth credentials.
 */

const REDACTED = '[redacted]';

/** Shapes of credentials that must never be shown, even partly: OpenAI keys and bearer tokens. */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [/\bsk-[A-Za-z0-9_*-]{4,}/g, /\bBearer\s+[A-Za-z0-9._~+/=*-]+/gi];

/** Replaces every occurrence of the given secrets, and anything shaped like a key, with "[redacted]". */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    // Very short values would redact ordinary words and cannot be meaningful keys.
    if (secret && secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  for (const pattern of CREDENTIAL_PATTERNS) result = result.replace(pattern, REDACTED);
  return result;
}

/** An endpoint as it may be shown to a user: origin and path, without credentials or query string. */
export function describeEndpoint(url: string | undefined): string {
  if (!url) return 'the default endpoint';
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/$/, '')}`;
  } catch {
    return 'the configured endpoint';
  }
}

/** Shortens a provider message for inclusion in ours; long bodies add noise, not insight. */
export function clip(text: string, maxLength = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= maxLength ? oneLine : `${oneLine.slice(0, maxLength - 1)}…`;
}
