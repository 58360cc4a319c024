import { DocumentError } from '../errors.js';
import { parseDocx } from './docx-parser.js';
import { SUPPORTED_EXTENSIONS, detectFormat } from './format-detection.js';
import { parseHtml } from './html-parser.js';
import { parseMarkdown } from './markdown-parser.js';
import type { DocumentFormat, ParseInput, ParsedDocument } from './parsed-document.js';
import { parsePdf } from './pdf-parser.js';
import { decodeText } from './text-decoding.js';
import { parsePlainText } from './text-parser.js';
import { countWords, extensionOf } from './text-structure.js';

/** Default upper bound on the size of one input file. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export interface ParseOptions {
  /** Larger inputs are refused with `too_large`. Default {@link DEFAULT_MAX_DOCUMENT_BYTES}. */
  maxBytes?: number;
}

const TEXT_PARSERS: Record<'txt' | 'md' | 'html', (source: string, text: string) => ParsedDocument> = {
  txt: parsePlainText,
  md: parseMarkdown,
  html: parseHtml,
};

/**
 * Turns one uploaded file into structured text. Every failure is a {@link DocumentError} that
 * names the file and the reason; nothing else escapes.
 */
export async function parseDocument(input: ParseInput, options: ParseOptions = {}): Promise<ParsedDocument> {
  const { source, bytes, contentType } = input;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;

  const format = detectFormat(source, bytes, contentType);
  if (!format) {
    const what = extensionOf(source) || (contentType ? `content type ${contentType}` : 'a file without extension');
    throw new DocumentError(source, 'unsupported_type', `${what} is not a supported document type (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`);
  }
  if (bytes.byteLength > maxBytes) {
    throw new DocumentError(source, 'too_large', `is ${bytes.byteLength} bytes; the limit is ${maxBytes} bytes`);
  }
  if (bytes.byteLength === 0) throw new DocumentError(source, 'empty', 'is an empty file');

  try {
    const document = await parseByFormat(source, format, bytes);
    if (document.sections.length === 0) throw new DocumentError(source, 'empty', 'contains no text');
    document.metadata.wordCount = countWords(document.sections);
    return document;
  } catch (error) {
    throw asDocumentError(source, error);
  }
}

async function parseByFormat(source: string, format: DocumentFormat, bytes: Uint8Array): Promise<ParsedDocument> {
  if (format === 'pdf') return parsePdf(source, bytes);
  if (format === 'docx') return parseDocx(source, bytes);
  const { text, encoding } = decodeText(source, bytes);
  const document = TEXT_PARSERS[format](source, text);
  document.metadata.encoding = encoding;
  return document;
}

function asDocumentError(source: string, error: unknown): DocumentError {
  if (error instanceof DocumentError) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new DocumentError(source, 'too_complex', 'is nested too deeply to be read', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DocumentError(source, 'corrupt', `could not be read (${message})`, { cause: error });
}
