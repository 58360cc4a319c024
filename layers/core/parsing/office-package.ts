import { DocumentError } from '../errors.js';
import { MAX_PACKAGE_ENTRIES } from './content-sniffing.js';
import { docxExpansionLimit } from './docx-parser.js';
import { ZipFormatError, readZipDirectory, readZipEntry, type ZipEntry } from './zip-directory.js';

/** A ZIP-based document (OOXML, OpenDocument, EPUB) whose parts can be read as text. */
export interface OfficePackage {
  names: string[];
  has(name: string): boolean;
  /** The part as UTF-8 text, or undefined when the package has no such part. */
  text(name: string): string | undefined;
}

/**
 * Lists a package and proves, before anything is inflated, that it is not a zip bomb: the same
 * expansion rule as DOCX, a cap on the number of parts, and each part inflated no further than
 * its declared size (so a package that understates its sizes fails as it is read).
 * `kind` names the document in messages: "workbook", "presentation"…
 */
export function openOfficePackage(source: string, bytes: Uint8Array, kind: string): OfficePackage {
  const entries = guard(source, kind, () => readZipDirectory(bytes));
  if (entries.length > MAX_PACKAGE_ENTRIES) {
    throw new DocumentError(source, 'too_large', `holds ${entries.length} files; the limit is ${MAX_PACKAGE_ENTRIES}; it may be a zip bomb`);
  }
  if (entries.some((entry) => entry.encrypted)) {
    throw new DocumentError(source, 'encrypted', `is a password-protected ${kind}; remove the password and upload it again`);
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
  const byName = new Map<string, ZipEntry>(entries.map((entry) => [entry.name, entry]));
  return {
    names: entries.map((entry) => entry.name),
    has: (name) => byName.has(name),
    text(name) {
      const entry = byName.get(name);
      if (!entry) return undefined;
      return guard(source, kind, () => readZipEntry(bytes, entry))
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    },
  };
}

function guard<T>(source: string, kind: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ZipFormatError) {
      const detail = error.kind === 'too_large' ? `${error.message}; it may be a zip bomb` : `is not a readable ${kind}: ${error.message}`;
      throw new DocumentError(source, error.kind, detail, { cause: error });
    }
    throw error;
  }
}

/** Resolves a relationship target against the folder of the part that names it: ("xl/workbook.xml", "worksheets/sheet1.xml") → "xl/worksheets/sheet1.xml". */
export function resolvePartPath(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = fromPart.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

/** Relationship id → target part path, from the `_rels/*.rels` part that belongs to `part`. */
export function readRelationships(pkg: OfficePackage, part: string): Map<string, { target: string; type: string }> {
  const slash = part.lastIndexOf('/');
  const relsPath = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const xml = pkg.text(relsPath) ?? '';
  const relationships = new Map<string, { target: string; type: string }>();
  for (const match of xml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const attributes = match[1]!;
    const id = /\bId="([^"]*)"/.exec(attributes)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(attributes)?.[1];
    const type = /\bType="([^"]*)"/.exec(attributes)?.[1] ?? '';
    const external = /\bTargetMode="External"/.test(attributes);
    if (id && target && !external) relationships.set(id, { target: resolvePartPath(part, decodeAttribute(target)), type });
  }
  return relationships;
}

function decodeAttribute(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");
}

export function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
