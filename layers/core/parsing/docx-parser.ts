import mammoth from 'mammoth';
import { DocumentError } from '../errors.js';
import type { ParsedDocument } from './parsed-document.js';
import { walkHtmlStructure } from './html-structure.js';
import { singleLine, titleFromSource } from './text-structure.js';
import { ZipFormatError, readZipDirectory, readZipEntry, type ZipEntry } from './zip-directory.js';

/**
 * Zip-bomb rule: a DOCX may expand to at most 50 MiB in total, and beyond 10 MiB only while it
 * stays within 100× its compressed size. Real documents expand 3–20×; text-only ones rarely
 * exceed 30×, while a bomb expands by thousands.
 */
export const DOCX_MAX_EXPANDED_BYTES = 50 * 1024 * 1024;
export const DOCX_EXPANSION_FLOOR_BYTES = 10 * 1024 * 1024;
export const DOCX_MAX_EXPANSION_RATIO = 100;

export function docxExpansionLimit(compressedBytes: number): number {
  return Math.min(DOCX_MAX_EXPANDED_BYTES, Math.max(DOCX_EXPANSION_FLOOR_BYTES, DOCX_MAX_EXPANSION_RATIO * compressedBytes));
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Word paragraph styles that mammoth does not map by default. */
const STYLE_MAP = ["p[style-name='Title'] => p.document-title:fresh", "p[style-name='Subtitle'] => p:fresh"];

/** DOCX: converted to HTML by mammoth and read with the same structure walker as HTML. */
export async function parseDocx(source: string, bytes: Uint8Array): Promise<ParsedDocument> {
  rejectOleContainer(source, bytes);
  const entries = readCheckedEntries(source, bytes);
  const coreTitle = readCoreTitle(bytes, entries);

  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer },
      {
        styleMap: STYLE_MAP,
        // Images carry no text; skipping them avoids base64-encoding every picture into the HTML.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
        ignoreEmptyParagraphs: true,
      },
    );
    html = result.value;
  } catch (error) {
    if (error instanceof RangeError) throw error; // too deeply nested: reported as too_complex by parseDocument
    throw new DocumentError(source, 'corrupt', `is not a readable Word document (${(error as Error).message})`, { cause: error });
  }

  const structure = walkHtmlStructure(html);
  return {
    source,
    format: 'docx',
    title: coreTitle ?? structure.styledTitle ?? structure.firstH1 ?? titleFromSource(source),
    sections: structure.sections,
    metadata: { headings: structure.headingCount },
  };
}

function rejectOleContainer(source: string, bytes: Uint8Array): void {
  if (!OLE_SIGNATURE.every((byte, index) => bytes[index] === byte)) return;
  // Office wraps password-protected documents in an OLE container with these streams.
  const content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (content.includes(Buffer.from('EncryptionInfo', 'utf16le')) || content.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
    throw new DocumentError(source, 'encrypted', 'is a password-protected Word document; remove the password and upload it again');
  }
  throw new DocumentError(source, 'unsupported_type', 'is a legacy Word 97–2003 (.doc) file, not .docx; save it as .docx');
}

/** Lists the archive and proves, before mammoth inflates anything, that it is not a zip bomb. */
function readCheckedEntries(source: string, bytes: Uint8Array): ZipEntry[] {
  try {
    const entries = readZipDirectory(bytes);
    if (entries.some((entry) => entry.encrypted)) {
      throw new DocumentError(source, 'encrypted', 'has encrypted ZIP entries; remove the password and upload it again');
    }
    const limit = docxExpansionLimit(bytes.byteLength);
    const declared = entries.reduce((total, entry) => total + entry.uncompressedSize, 0);
    if (declared > limit) {
      throw new DocumentError(
        source,
        'too_large',
        `would expand to ${formatMiB(declared)} from ${formatMiB(bytes.byteLength)} (limit ${formatMiB(limit)}); it may be a zip bomb`,
      );
    }
    // Declared sizes can lie. Inflating each entry, capped at its declared size, proves them all; every
    // entry, because mammoth finds the parts it reads through relationships, not by their file names.
    for (const entry of entries) readZipEntry(bytes, entry);
    return entries;
  } catch (error) {
    if (error instanceof ZipFormatError) {
      const detail = error.kind === 'too_large' ? `${error.message}; it may be a zip bomb` : `is not a readable Word document: ${error.message}`;
      throw new DocumentError(source, error.kind, detail, { cause: error });
    }
    throw error;
  }
}

/** The title from docProps/core.xml (File › Properties in Word), when one was set. */
function readCoreTitle(bytes: Uint8Array, entries: ZipEntry[]): string | undefined {
  const core = entries.find((entry) => entry.name === 'docProps/core.xml');
  if (!core) return undefined;
  const xml = readZipEntry(bytes, core).toString('utf8');
  const match = /<dc:title(?:\s[^>]*)?>([^<]*)<\/dc:title>/.exec(xml);
  const title = match ? singleLine(decodeXmlEntities(match[1]!)) : '';
  return title || undefined;
}

function decodeXmlEntities(text: string): string {
  return text.replace(/&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g, (entity, name?: string, decimal?: string, hex?: string) => {
    if (name) return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name as 'amp'];
    const codePoint = decimal ? parseInt(decimal, 10) : parseInt(hex!, 16);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  });
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
