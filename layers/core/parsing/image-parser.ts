import type { OcrContext } from '../ocr/ocr-context.js';
import { type OcrPageResult, ocrPage } from '../ocr/ocr-page.js';
import { DocumentError, ProviderError } from '../errors.js';
import type { ParsedDocument } from './parsed-document.js';
import { titleFromSource } from './text-structure.js';

/** A PNG, JPEG or TIFF image: one page, its text read by OCR. */
export async function parseImage(source: string, bytes: Uint8Array, context: OcrContext): Promise<ParsedDocument> {
  let read: OcrPageResult;
  try {
    read = await ocrPage(source, bytes, 1, context);
  } catch (error) {
    // A failure of the OCR service itself is not the image's: it goes on as it is, to be retried.
    if (error instanceof DocumentError || error instanceof ProviderError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new DocumentError(source, 'corrupt', `is not a readable image (${message})`, { cause: error });
  }
  if (!read.section) throw new DocumentError(source, 'empty', `is an image in which OCR found no text (confidence ${read.confidence}%)`);
  return {
    source,
    format: 'image',
    title: titleFromSource(source),
    sections: [read.section],
    metadata: {
      pages: 1,
      ocr: context.provider.name,
      ocrConfidence: { 1: read.confidence },
      ...(read.lowConfidence ? { lowConfidencePages: [1] } : {}),
    },
  };
}
