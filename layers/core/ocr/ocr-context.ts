import type { OcrProvider } from './ocr-provider.js';
import { type OcrSettings, ocrSettingsFromEnv } from './ocr-settings.js';

/** What a parser needs to read scans: the engine and its limits. */
export interface OcrContext {
  provider: OcrProvider;
  settings: OcrSettings;
}

let fallback: OcrContext | undefined;

/**
 * The process-wide OCR used when a caller names none: tesseract.js, set up from the
 * environment on the first scan, so a process that never sees one never loads it.
 */
export async function defaultOcrContext(): Promise<OcrContext> {
  if (!fallback) {
    const settings = ocrSettingsFromEnv();
    const { TesseractOcr } = await import('./tesseract-ocr.js');
    fallback = { provider: new TesseractOcr(settings.langDir), settings };
  }
  return fallback;
}

/**
 * Makes `context` the process-wide OCR (the ingest Lambda's Textract), for every parse that names
 * none; `undefined` goes back to tesseract.js on the next scan.
 */
export function setDefaultOcrContext(context: OcrContext | undefined): void {
  fallback = context;
}
