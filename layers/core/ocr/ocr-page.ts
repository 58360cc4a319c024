import { DocumentError } from '../errors.js';
import type { ParsedSection } from '../parsing/parsed-document.js';
import { hasVisibleText } from '../parsing/text-structure.js';
import type { OcrContext } from './ocr-context.js';
import type { OcrSettings } from './ocr-settings.js';
import { type OcrResult, OcrTimeoutError } from './ocr-provider.js';

export interface OcrPageResult {
  section?: ParsedSection;
  confidence: number;
  lowConfidence: boolean;
}

/**
 * OCRs one page image into a section that keeps its page number. A page read with low
 * confidence carries a note in its own text, so the chunk a reader is cited says so.
 */
export async function ocrPage(source: string, image: Uint8Array, page: number, { provider, settings }: OcrContext): Promise<OcrPageResult> {
  let result: OcrResult;
  try {
    result = await provider.recognise(image, { language: settings.language, timeoutMs: settings.timeoutMs });
  } catch (error) {
    if (error instanceof OcrTimeoutError) {
      throw new DocumentError(source, 'too_complex', `page ${page} could not be read by OCR within ${settings.timeoutMs} ms (RAG_OCR_TIMEOUT_MS)`, {
        cause: error,
      });
    }
    throw error;
  }
  return pageFromOcr(result, page, settings);
}

/** One page's OCR reading as a section, whichever engine read it and however it was asked. */
export function pageFromOcr(result: OcrResult, page: number, settings: OcrSettings): OcrPageResult {
  const confidence = Math.round(result.confidence);
  const lowConfidence = confidence < settings.lowConfidence;
  if (!hasVisibleText(result.text)) return { confidence, lowConfidence };
  const text = lowConfidence ? `${result.text}\n\n[Scanned page read by OCR with low confidence (${confidence}%); check the original.]` : result.text;
  return { section: { headingPath: [], page, text }, confidence, lowConfidence };
}
