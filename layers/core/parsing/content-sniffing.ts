import type { DocumentErrorReason } from '../errors.js';
import type { DocumentFormat } from './parsed-document.js';
import { readZipDirectory, readZipEntry, type ZipEntry } from './zip-directory.js';

/** What the leading bytes (and, for containers, the table of contents) say a file is. */
export type SniffedContent =
  /** A format we parse, whatever the file is called. */
  | { kind: 'format'; format: DocumentFormat }
  /** A type we know and refuse, with the reason to show. */
  | { kind: 'refused'; reason: DocumentErrorReason; detail: string }
  /** Reads as text: the extension or content type picks among the text formats. */
  | { kind: 'text' }
  /** Binary of no known type, or a container too damaged to list: the extension decides, if any. */
  | { kind: 'unknown'; hint?: DocumentFormat };

/** Images whose text OCR reads (PNG, JPEG, TIFF in either byte order). */
const IMAGE_SIGNATURES = [
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [0x49, 0x49, 0x2a, 0x00],
  [0x4d, 0x4d, 0x00, 0x2a],
];

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Signatures of common files people drop that carry no text we read, named the way users know them. */
const REFUSED_SIGNATURES: { bytes: (number | undefined)[]; offset?: number; what: string }[] = [
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'GIF images are not supported' },
  { bytes: [0x52, 0x49, 0x46, 0x46, undefined, undefined, undefined, undefined, 0x57, 0x45, 0x42, 0x50], what: 'WebP images are not supported' },
  { bytes: [0x1f, 0x8b], what: 'gzip archives (.gz) are not supported; unpack it and upload the files inside' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: '7-Zip archives (.7z) are not supported; unpack it and upload the files inside' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'RAR archives (.rar) are not supported; unpack it and upload the files inside' },
  { bytes: [0x75, 0x73, 0x74, 0x61, 0x72], offset: 257, what: 'tar archives (.tar) are not supported; unpack it and upload the files inside' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'programs (ELF executables) are not supported' },
  { bytes: [0x4d, 0x5a], what: 'programs (Windows executables) are not supported' },
  { bytes: [0x49, 0x44, 0x33], what: 'audio files (MP3) are not supported' },
  { bytes: [0x66, 0x74, 0x79, 0x70], offset: 4, what: 'audio and video files (MP4/MOV) are not supported' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74], what: 'SQLite databases are not supported' },
];

/** The OpenDocument and EPUB `mimetype` entry, which those packages store first and uncompressed. */
const FORMAT_BY_PACKAGE_MIMETYPE: Record<string, DocumentFormat> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/epub+zip': 'epub',
};

/** More entries than any real document holds; listing them is cheap, but parsers walk them. */
export const MAX_PACKAGE_ENTRIES = 10_000;

/**
 * Identifies a file by its content. Containers are told apart by what they hold, not by their
 * name: an .xlsx renamed .docx is still a workbook, and a plain .zip is named as such.
 */
export function sniffContent(bytes: Uint8Array, extension = ''): SniffedContent {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  if (head.startsWith('%PDF-')) return { kind: 'format', format: 'pdf' };
  if (head.startsWith('PK\u0003\u0004') || head.startsWith('PK\u0005\u0006')) return sniffZip(bytes, head);
  if (OLE_SIGNATURE.every((byte, index) => bytes[index] === byte)) return sniffOleContainer(bytes, extension);
  if (/^\s*\{\\rtf/.test(head)) return { kind: 'format', format: 'rtf' };
  if (IMAGE_SIGNATURES.some((signature) => signature.every((byte, index) => bytes[index] === byte))) return { kind: 'format', format: 'image' };
  // Several signatures are printable ("MZ", "ID3", "GIF8"): a text that starts with them is still text.
  if (looksLikeText(bytes)) return { kind: 'text' };
  for (const signature of REFUSED_SIGNATURES) {
    const offset = signature.offset ?? 0;
    if (signature.bytes.every((byte, index) => byte === undefined || bytes[offset + index] === byte)) {
      return { kind: 'refused', reason: 'unsupported_type', detail: signature.what };
    }
  }
  return { kind: 'unknown' };
}

function sniffZip(bytes: Uint8Array, head: string): SniffedContent {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes);
  } catch {
    // A truncated package cannot be listed; its first local headers still name its parts.
    if (/\[Content_Types\]\.xml|word\/|xl\/|ppt\//.test(head)) return { kind: 'unknown', hint: officeFormatOf(head) ?? 'docx' };
    return { kind: 'unknown' };
  }
  if (entries.length > MAX_PACKAGE_ENTRIES) {
    return { kind: 'refused', reason: 'too_large', detail: `holds ${entries.length} files; the limit is ${MAX_PACKAGE_ENTRIES}; it may be a zip bomb` };
  }
  const names = new Set(entries.map((entry) => entry.name));
  const mimetypeEntry = entries.find((entry) => entry.name === 'mimetype');
  if (mimetypeEntry && mimetypeEntry.uncompressedSize < 200 && !mimetypeEntry.encrypted) {
    let mimetype = '';
    try {
      mimetype = readZipEntry(bytes, mimetypeEntry).toString('latin1').trim();
    } catch {
      // A damaged mimetype entry: fall through to the other clues.
    }
    const format = FORMAT_BY_PACKAGE_MIMETYPE[mimetype];
    if (format) return { kind: 'format', format };
    if (mimetype.startsWith('application/vnd.oasis.opendocument.')) {
      return {
        kind: 'refused',
        reason: 'unsupported_type',
        detail: `OpenDocument files of type ${mimetype.slice('application/vnd.oasis.opendocument.'.length)} are not supported`,
      };
    }
  }
  if (names.has('[Content_Types].xml')) {
    const format = officeFormatOf([...names].join('\n'));
    if (format) return { kind: 'format', format };
    return {
      kind: 'refused',
      reason: 'unsupported_type',
      detail: 'this kind of Office file is not supported (only Word .docx, Excel .xlsx and PowerPoint .pptx)',
    };
  }
  if (names.has('META-INF/container.xml')) return { kind: 'format', format: 'epub' };
  return { kind: 'refused', reason: 'unsupported_type', detail: 'ZIP archives (.zip) are not supported; unpack it and upload the files inside' };
}

/** The OOXML kind from part names: a listing, or the first bytes of a package that cannot be listed. */
function officeFormatOf(names: string): DocumentFormat | undefined {
  if (/(?:^|[\s\u0000-\u001f/])word\//.test(names)) return 'docx';
  if (/(?:^|[\s\u0000-\u001f/])xl\//.test(names)) return 'xlsx';
  if (/(?:^|[\s\u0000-\u001f/])ppt\//.test(names)) return 'pptx';
  return undefined;
}

const OFFICE_KIND_BY_EXTENSION: Record<string, string> = {
  '.docx': 'Word document',
  '.docm': 'Word document',
  '.xlsx': 'Excel workbook',
  '.xlsm': 'Excel workbook',
  '.pptx': 'PowerPoint presentation',
  '.pptm': 'PowerPoint presentation',
};

/**
 * Compound files (OLE/CFB) are how Office saved before 2007, and how it still wraps a
 * password-protected .docx, .xlsx or .pptx: the encrypted package sits in a stream.
 */
function sniffOleContainer(bytes: Uint8Array, extension: string): SniffedContent {
  const content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (stream: string) => content.includes(Buffer.from(stream, 'utf16le'));
  if (has('EncryptionInfo') || has('EncryptedPackage')) {
    const kind = OFFICE_KIND_BY_EXTENSION[extension] ?? 'Office file';
    return { kind: 'refused', reason: 'encrypted', detail: `is a password-protected ${kind}; remove the password and upload it again` };
  }
  if (has('WordDocument')) {
    return { kind: 'refused', reason: 'unsupported_type', detail: 'is a legacy Word 97–2003 (.doc) file, not .docx; save it as .docx' };
  }
  // "Book" (Excel 5) is short enough to occur in a document's own UTF-16 text: checked last.
  if (has('PowerPoint Document')) {
    return { kind: 'refused', reason: 'unsupported_type', detail: 'is a legacy PowerPoint 97–2003 (.ppt) file, not .pptx; save it as .pptx' };
  }
  if (has('Workbook') || has('Book')) {
    return { kind: 'refused', reason: 'unsupported_type', detail: 'is a legacy Excel 97–2003 (.xls) file, not .xlsx; save it as .xlsx' };
  }
  return { kind: 'refused', reason: 'unsupported_type', detail: 'is an OLE compound file (such as an Outlook .msg); it is not supported' };
}

/** No NUL bytes and hardly any other control characters in the first 8 KiB. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  if (sample.byteLength === 0) return false;
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) controls += 1;
  }
  return controls / sample.byteLength < 0.01;
}
