import { extractImages, type getDocumentProxy } from 'unpdf';
import { DocumentError } from '../errors.js';
import type { ParsedSection } from '../parsing/parsed-document.js';
import type { OcrContext } from './ocr-context.js';
import { type OcrPageResult, ocrPage, pageFromOcr } from './ocr-page.js';
import { OcrTimeoutError } from './ocr-provider.js';
import { encodePng } from './png-encoding.js';

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/**
 * OCRs the scanned pages of a PDF: the largest image each page paints (a scanner writes one per
 * page) is decoded by pdf.js and handed to the OCR engine. Text pages are left alone.
 */
export async function readScannedPages(
  source: string,
  pdf: PdfDocument,
  pageNumbers: number[],
  context: OcrContext,
): Promise<{ sections: ParsedSection[]; metadata: Record<string, unknown> }> {
  const { maxPages } = context.settings;
  if (pageNumbers.length > maxPages) {
    throw new DocumentError(
      source,
      'too_large',
      `has ${pageNumbers.length} scanned pages; OCR reads at most ${maxPages} per document (RAG_OCR_MAX_PAGES); split it or raise the limit`,
    );
  }
  const sections: ParsedSection[] = [];
  const confidenceByPage: Record<number, number> = {};
  const lowConfidencePages: number[] = [];
  const stored = await readStoredDocument(source, pageNumbers, context);
  for (const pageNumber of pageNumbers) {
    let read: OcrPageResult;
    if (stored) {
      const result = stored.get(pageNumber);
      if (!result) continue;
      read = pageFromOcr(result, pageNumber, context.settings);
    } else {
      const images = await extractImages(pdf, pageNumber);
      const largest = images.sort((a, b) => b.width * b.height - a.width * a.height)[0];
      if (!largest) continue;
      const png = encodePng({ data: largest.data, width: largest.width, height: largest.height, channels: largest.channels });
      read = await ocrPage(source, png, pageNumber, context);
    }
    confidenceByPage[pageNumber] = read.confidence;
    if (read.lowConfidence) lowConfidencePages.push(pageNumber);
    if (read.section) sections.push(read.section);
  }
  return {
    sections,
    metadata: {
      ocr: context.provider.name,
      ocrPages: Object.keys(confidenceByPage).map(Number),
      ocrConfidence: confidenceByPage,
      ...(lowConfidencePages.length > 0 ? { lowConfidencePages } : {}),
    },
  };
}

/**
 * The whole document read where it is stored, when the engine can do that (Textract reads the S3
 * object asynchronously); the time allowed is the per-page limit for every scanned page.
 */
async function readStoredDocument(source: string, pages: number[], { provider, settings }: OcrContext) {
  if (!provider.recogniseDocument) return undefined;
  const timeoutMs = settings.timeoutMs * pages.length;
  try {
    return await provider.recogniseDocument(source, { language: settings.language, timeoutMs, pages });
  } catch (error) {
    if (error instanceof OcrTimeoutError) {
      throw new DocumentError(source, 'too_complex', `could not be read by OCR within ${error.timeoutMs} ms (RAG_OCR_TIMEOUT_MS per scanned page)`, {
        cause: error,
      });
    }
    throw error;
  }
}
