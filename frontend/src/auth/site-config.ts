/** How the API wants callers to prove who they are, from the site's runtime `config.json`. */
export type AuthConfig = { type: 'none' } | { type: 'token' } | { type: 'cognito'; region: string; userPoolId: string; userPoolClientId: string };

/** How documents are uploaded: one multipart request (local stack), or presigned S3 URLs (AWS). */
export type UploadMode = 'multipart' | 'presigned';

export interface SiteConfig {
  apiUrl: string;
  auth: AuthConfig;
  uploads?: UploadMode;
}

export const DEFAULT_SITE_CONFIG: SiteConfig = { apiUrl: '/api', auth: { type: 'none' } };

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Validates `config.json`. A missing or unknown auth type means none (the API still answers
 * 401 if it disagrees, and the site then asks for a token); a Cognito block without its ids
 * is an error, because signing in could never work.
 */
export function parseSiteConfig(json: unknown): SiteConfig {
  if (typeof json !== 'object' || json === null) throw new Error('config.json must be a JSON object');
  const raw = json as { apiUrl?: unknown; auth?: Record<string, unknown>; uploads?: unknown };
  const apiUrl = nonEmpty(raw.apiUrl) ? raw.apiUrl.trim() : DEFAULT_SITE_CONFIG.apiUrl;
  const config = { apiUrl, auth: parseAuth(raw.auth ?? {}) } as SiteConfig;
  if (raw.uploads === 'presigned') config.uploads = 'presigned';
  return config;
}

function parseAuth(auth: Record<string, unknown>): AuthConfig {
  switch (auth.type) {
    case 'token':
      return { type: 'token' };
    case 'cognito': {
      const { region, userPoolId, userPoolClientId } = auth;
      if (!nonEmpty(region) || !nonEmpty(userPoolId) || !nonEmpty(userPoolClientId)) {
        throw new Error('config.json: auth.type "cognito" needs region, userPoolId and userPoolClientId');
      }
      return { type: 'cognito', region, userPoolId, userPoolClientId };
    }
    default:
      return { type: 'none' };
  }
}

/** Reads `/config.json`; a site served without one (the Vite dev server) talks to `/api` without auth. */
export async function loadSiteConfig(fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init)): Promise<SiteConfig> {
  const response = await fetchImpl('/config.json', { headers: { Accept: 'application/json' }, cache: 'no-cache' });
  if (response.status === 404) return DEFAULT_SITE_CONFIG;
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return parseSiteConfig(await response.json());
}
