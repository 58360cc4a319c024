import type { DocumentFormat } from './parsed-document.js';
import { extensionOf } from './text-structure.js';

/** File extensions the parsers accept, with the dot, lower case. */
export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx'] as const;

const FORMAT_BY_EXTENSION: Record<(typeof SUPPORTED_EXTENSIONS)[number], DocumentFormat> = {
  '.txt': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

const FORMAT_BY_CONTENT_TYPE: Record<string, DocumentFormat> = {
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/x-markdown': 'md',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/**
 * The format of a document, or undefined when it is not one we parse. A supported extension
 * wins; otherwise the content type decides; otherwise the leading bytes do: PDF and DOCX have
 * signatures, and anything else that reads as text (README, notes.log, article.txt.clean) is
 * plain text. Binary files with unknown extensions stay unsupported.
 */
export function detectFormat(source: string, bytes: Uint8Array, contentType?: string): DocumentFormat | undefined {
  const extension = extensionOf(source);
  const byExtension = FORMAT_BY_EXTENSION[extension as keyof typeof FORMAT_BY_EXTENSION];
  if (byExtension) return byExtension;

  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  const byContentType = mediaType ? FORMAT_BY_CONTENT_TYPE[mediaType] : undefined;
  if (byContentType) return byContentType;

  return sniffFormat(bytes);
}

function sniffFormat(bytes: Uint8Array): DocumentFormat | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  if (head.startsWith('%PDF-')) return 'pdf';
  // A DOCX is a ZIP archive whose first entries are [Content_Types].xml, _rels/ and word/.
  if (head.startsWith('PK\u0003\u0004') && /\[Content_Types\]\.xml|word\//.test(head)) return 'docx';
  return looksLikeText(bytes) ? 'txt' : undefined;
}

/** No NUL bytes and hardly any other control characters in the first 8 KiB. */
function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  if (sample.byteLength === 0) return false;
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) controls += 1;
  }
  return controls / sample.byteLength < 0.01;
}
