import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export interface SiteFile {
  body: Buffer;
  contentType: string;
  /** Hashed build assets never change; everything else is revalidated. */
  immutable: boolean;
}

/**
 * Reads a file of the built site for a URL path, or undefined. Paths are resolved inside the
 * site folder and anything that would leave it is refused.
 */
export async function readSiteFile(siteDir: string, urlPath: string): Promise<SiteFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const root = path.resolve(siteDir);
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, relative);
  if (full !== root && !full.startsWith(root + path.sep)) return undefined;
  const info = await stat(full).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return {
    body: await readFile(full),
    contentType: CONTENT_TYPES[path.extname(full).toLowerCase()] ?? 'application/octet-stream',
    immutable: relative.startsWith('assets/'),
  };
}
