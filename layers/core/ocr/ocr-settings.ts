import { ConfigError } from '../errors.js';

/** Limits and language for reading scans; see README's configuration table. */
export interface OcrSettings {
  /** Scanned pages OCRed per document; a scan with more is refused. */
  maxPages: number;
  /** Time allowed for one page. */
  timeoutMs: number;
  language: string;
  /** Folder with `<lang>.traineddata(.gz)` files; default: the bundled English data. */
  langDir?: string;
  /** Pages read with a mean confidence below this (0–100) are marked as uncertain. */
  lowConfidence: number;
}

export const DEFAULT_OCR_SETTINGS: OcrSettings = { maxPages: 50, timeoutMs: 60_000, language: 'eng', lowConfidence: 60 };

export function ocrSettingsFromEnv(env: Record<string, string | undefined> = process.env): OcrSettings {
  const positive = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
    return value;
  };
  const language = env.RAG_OCR_LANG?.trim() || DEFAULT_OCR_SETTINGS.language;
  if (!/^[a-z_]+(?:\+[a-z_]+)*$/i.test(language)) throw new ConfigError(`RAG_OCR_LANG must look like "eng" or "eng+spa", got "${language}"`);
  const langDir = env.RAG_OCR_LANG_DIR?.trim();
  return {
    maxPages: positive('RAG_OCR_MAX_PAGES', DEFAULT_OCR_SETTINGS.maxPages),
    timeoutMs: positive('RAG_OCR_TIMEOUT_MS', DEFAULT_OCR_SETTINGS.timeoutMs),
    language,
    ...(langDir ? { langDir } : {}),
    lowConfidence: DEFAULT_OCR_SETTINGS.lowConfidence,
  };
}
