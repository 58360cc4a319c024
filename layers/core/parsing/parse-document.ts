import { DocumentError, ProviderError } from '../errors.js';
import { parseDocx } from './docx-parser.js';
import { type OcrContext, defaultOcrContext } from '../ocr/ocr-context.js';
import { decideFormat } from './format-detection.js';
import { parseHtml } from './html-parser.js';
import { parseMarkdown } from './markdown-parser.js';
import type { DocumentFormat, ParseInput, ParsedDocument } from './parsed-document.js';
import { parsePdf } from './pdf-parser.js';
import { decodeText } from './text-decoding.js';
import { parsePlainText } from './text-parser.js';
import { countWords } from './text-structure.js';

/** Default upper bound on the size of one input file. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export interface ParseOptions {
  /** Larger inputs are refused with `too_large`. Default {@link DEFAULT_MAX_DOCUMENT_BYTES}. */
  maxBytes?: number;
  /** Reads images and scanned PDF pages. Default: tesseract.js, set up from the environment on first use. */
  ocr?: OcrContext;
}

const TEXT_PARSERS: Record<'txt' | 'md' | 'html', (source: string, text: string) => ParsedDocument> = {
  txt: parsePlainText,
  md: parseMarkdown,
  html: parseHtml,
};

type BinaryParser = (source: string, bytes: Uint8Array) => ParsedDocument | Promise<ParsedDocument>;
type TextParser = (source: string, text: string) => ParsedDocument;

/** Loaded on first use, so a process that never sees a workbook never loads its parser. */
const BINARY_PARSERS: Partial<Record<DocumentFormat, () => Promise<BinaryParser>>> = {
  eml: async () => (await import('./eml-parser.js')).parseEml,
  epub: async () => (await import('./epub-parser.js')).parseEpub,
  odt: async () => (await import('./odt-parser.js')).parseOdt,
  odp: async () => (await import('./odp-parser.js')).parseOdp,
  pptx: async () => (await import('./pptx-parser.js')).parsePptx,
  ods: async () => (await import('./ods-parser.js')).parseOds,
  xlsx: async () => (await import('./xlsx-parser.js')).parseXlsx,
};

const LAZY_TEXT_PARSERS: Partial<Record<DocumentFormat, () => Promise<TextParser>>> = {
  json: async () => (await import('./json-parser.js')).parseJson,
  rtf: async () => (await import('./rtf-parser.js')).parseRtf,
  csv: async () => (await import('./delimited-parser.js')).parseCsv,
  tsv: async () => (await import('./delimited-parser.js')).parseTsv,
};

/**
 * Turns one uploaded file into structured text. Every failure of the document is a
 * {@link DocumentError} that names the file and the reason; the only other error that escapes is
 * a {@link ProviderError} of a reading service (OCR on AWS), which is not the document's fault.
 */
export async function parseDocument(input: ParseInput, options: ParseOptions = {}): Promise<ParsedDocument> {
  const { source, bytes, contentType } = input;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;

  if (bytes.byteLength > maxBytes) {
    throw new DocumentError(source, 'too_large', `is ${bytes.byteLength} bytes; the limit is ${maxBytes} bytes`);
  }
  const decision = decideFormat(source, bytes, contentType);
  if ('refused' in decision) throw new DocumentError(source, decision.refused.reason, decision.refused.detail);
  const { format } = decision;
  if (bytes.byteLength === 0) throw new DocumentError(source, 'empty', 'is an empty file');

  try {
    const ocr = async () => options.ocr ?? defaultOcrContext();
    const document = await parseByFormat(source, format, bytes, ocr);
    if (document.sections.length === 0) throw new DocumentError(source, 'empty', 'contains no text');
    document.metadata.wordCount = countWords(document.sections);
    return document;
  } catch (error) {
    throw asDocumentError(source, error);
  }
}

async function parseByFormat(source: string, format: DocumentFormat, bytes: Uint8Array, ocr: () => Promise<OcrContext>): Promise<ParsedDocument> {
  if (format === 'pdf') return parsePdf(source, bytes, ocr);
  if (format === 'image') return (await import('./image-parser.js')).parseImage(source, bytes, await ocr());
  if (format === 'docx') return parseDocx(source, bytes);
  const binary = BINARY_PARSERS[format];
  if (binary) return (await binary())(source, bytes);
  const { text, encoding } = decodeText(source, bytes);
  const lazy = LAZY_TEXT_PARSERS[format];
  const parse = lazy ? await lazy() : TEXT_PARSERS[format as keyof typeof TEXT_PARSERS];
  if (!parse) throw new DocumentError(source, 'unsupported_type', `${format} documents cannot be read yet`);
  const document = parse(source, text);
  document.metadata.encoding = encoding;
  return document;
}

function asDocumentError(source: string, error: unknown): DocumentError | ProviderError {
  // A reading service that failed (OCR on AWS: denied, throttled) says nothing about the document: it may pass later.
  if (error instanceof DocumentError || error instanceof ProviderError) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new DocumentError(source, 'too_complex', 'is nested too deeply to be read', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DocumentError(source, 'corrupt', `could not be read (${message})`, { cause: error });
}
