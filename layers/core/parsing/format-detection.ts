import type { DocumentErrorReason } from '../errors.js';
import { sniffContent } from './content-sniffing.js';
import type { DocumentFormat } from './parsed-document.js';
import { extensionOf } from './text-structure.js';

/** File extensions the parsers accept, with the dot, lower case. */
export const SUPPORTED_EXTENSIONS = [
  '.txt',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.pdf',
  '.docx',
  '.xlsx',
  '.xlsm',
  '.csv',
  '.tsv',
  '.ods',
  '.pptx',
  '.odp',
  '.odt',
  '.rtf',
  '.json',
  '.epub',
  '.eml',
  '.png',
  '.jpg',
  '.jpeg',
  '.tif',
  '.tiff',
] as const;

const FORMAT_BY_EXTENSION: Record<(typeof SUPPORTED_EXTENSIONS)[number], DocumentFormat> = {
  '.txt': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.xlsx': 'xlsx',
  // Macro-enabled workbooks keep their sheets as in .xlsx; the macros are not read.
  '.xlsm': 'xlsx',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.eml': 'eml',
  '.epub': 'epub',
  '.json': 'json',
  '.rtf': 'rtf',
  '.odt': 'odt',
  '.odp': 'odp',
  '.pptx': 'pptx',
  '.ods': 'ods',
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.tif': 'image',
  '.tiff': 'image',
};

const FORMAT_BY_CONTENT_TYPE: Record<string, DocumentFormat> = {
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/x-markdown': 'md',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-excel.sheet.macroenabled.12': 'xlsx',
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'message/rfc822': 'eml',
  'application/epub+zip': 'epub',
  'application/json': 'json',
  'text/rtf': 'rtf',
  'application/rtf': 'rtf',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/tiff': 'image',
};

/** Extensions people commonly drop that are refused by name even when the content gives no clue. */
const REFUSED_EXTENSIONS: Record<string, string> = {
  '.zip': 'ZIP archives (.zip) are not supported; unpack it and upload the files inside',
  '.doc': 'legacy Word 97–2003 (.doc) files are not supported; save it as .docx',
  '.xls': 'legacy Excel 97–2003 (.xls) files are not supported; save it as .xlsx',
  '.ppt': 'legacy PowerPoint 97–2003 (.ppt) files are not supported; save it as .pptx',
};

export type FormatDecision = { format: DocumentFormat } | { refused: { reason: DocumentErrorReason; detail: string } };

/**
 * Decides how to read a file, content first. Binary containers and signatures decide by what
 * they hold (a workbook renamed .docx is read as a workbook, a .zip is named as an archive);
 * a file that reads as text takes the format its extension or content type names, else plain
 * text; a damaged binary defers to its extension so its own parser explains what is wrong.
 */
export function decideFormat(source: string, bytes: Uint8Array, contentType?: string): FormatDecision {
  const extension = extensionOf(source);
  const byExtension = FORMAT_BY_EXTENSION[extension as keyof typeof FORMAT_BY_EXTENSION];
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  const byContentType = mediaType ? FORMAT_BY_CONTENT_TYPE[mediaType] : undefined;
  const named = byExtension ?? byContentType;

  const sniffed = sniffContent(bytes, extension);
  if (sniffed.kind === 'format') return { format: sniffed.format };
  if (sniffed.kind === 'refused') return { refused: { reason: sniffed.reason, detail: sniffed.detail } };
  const refusedByName = REFUSED_EXTENSIONS[extension];
  if (sniffed.kind === 'text' && (named || !refusedByName)) return { format: named ?? 'txt' };
  const format = sniffed.kind === 'unknown' ? (named ?? sniffed.hint) : undefined;
  if (format) return { format };
  if (refusedByName) return { refused: { reason: 'unsupported_type', detail: refusedByName } };
  const what = extension || (contentType ? `content type ${contentType}` : 'a file without extension');
  return { refused: { reason: 'unsupported_type', detail: `${what} is not a supported document type (supported: ${SUPPORTED_EXTENSIONS.join(', ')})` } };
}

/** The format of a document, or undefined when it is not one we parse. See {@link decideFormat}. */
export function detectFormat(source: string, bytes: Uint8Array, contentType?: string): DocumentFormat | undefined {
  const decision = decideFormat(source, bytes, contentType);
  return 'format' in decision ? decision.format : undefined;
}
