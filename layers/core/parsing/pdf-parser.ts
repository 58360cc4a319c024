import '../polyfills.js';
import { getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { DocumentError } from '../errors.js';
import type { OcrContext } from '../ocr/ocr-context.js';
import type { ParsedDocument, ParsedSection } from './parsed-document.js';
import { trustedMetadataTitle } from './metadata-title.js';
import { CELL_GAP_EM, findPdfTables, type PdfTableLine } from './pdf-table-rows.js';
import { hasVisibleText, singleLine, titleFromSource } from './text-structure.js';

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

interface PositionedText {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

interface Line extends PdfTableLine {
  text: string;
  /** Baseline in PDF space (grows upwards). */
  y: number;
  fontSize: number;
}

/** Pages inspected for images when a PDF has no text, to tell a scan from a blank document. */
const PAGES_CHECKED_FOR_IMAGES = 5;

/** Pages of text a metadata title must share a word with. */
const PAGES_CHECKED_FOR_TITLE = 3;

/**
 * Page limit. Every page costs parsing time, and a page tree can list one small page thousands
 * of times: 120 KB declaring 20,000 pages took 40 s to read. Real documents stay far below.
 */
export const PDF_MAX_PAGES = 5000;

/**
 * PDF: one section per page with text, in page order. Lines are kept as lines (paragraphs are
 * separated by a blank line where the vertical gap is wider than the page's line spacing) so
 * that cleaning can find running headers and footers before it rejoins wrapped lines.
 */
export async function parsePdf(source: string, bytes: Uint8Array, ocr?: () => Promise<OcrContext>): Promise<ParsedDocument> {
  let pdf: PdfDocument;
  try {
    // pdf.js takes ownership of the buffer it is given, so hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    throw openError(source, error);
  }

  try {
    if (pdf.numPages > PDF_MAX_PAGES) {
      throw new DocumentError(source, 'too_large', `has ${pdf.numPages} pages; the limit is ${PDF_MAX_PAGES} pages`);
    }
    let sections: ParsedSection[] = [];
    const pageLines: Line[][] = [];
    const pagesWithoutText: number[] = [];
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const lines = await readLines(page);
      page.cleanup();
      pageLines.push(lines);
      const text = pageText(lines);
      if (hasVisibleText(text)) sections.push({ headingPath: [], page: pageNumber, text });
      else pagesWithoutText.push(pageNumber);
    }
    const pagesWithText = sections.length;

    let scan: ScanReading | undefined;
    if (ocr && pagesWithoutText.length > 0) {
      const scannedPages = await pagesWithImages(pdf, pagesWithoutText);
      if (scannedPages.length > 0) {
        const { readScannedPages } = await import('../ocr/pdf-scanned-pages.js');
        scan = await readScannedPages(source, pdf, scannedPages, await ocr());
        sections = [...sections, ...scan.sections].sort((a, b) => a.page! - b.page!);
      }
    }

    if (sections.length === 0) {
      if (scan || (await hasImages(pdf))) {
        throw new DocumentError(
          source,
          'no_text_layer',
          scan
            ? `has ${pdf.numPages} page(s) but no text layer: it looks scanned, and OCR read no text on it`
            : `has ${pdf.numPages} page(s) but no text layer: it looks scanned; run OCR on it and upload the result`,
        );
      }
      throw new DocumentError(source, 'empty', `has ${pdf.numPages} page(s) but no text`);
    }

    const info = await readInfo(pdf);
    return {
      source,
      format: 'pdf',
      title:
        trustedMetadataTitle(
          info.title,
          sections
            .slice(0, PAGES_CHECKED_FOR_TITLE)
            .map((section) => section.text)
            .join('\n'),
        ) ??
        titleFromLargestLine(pageLines) ??
        titleFromSource(source),
      sections,
      metadata: {
        pages: pdf.numPages,
        pagesWithText,
        ...(scan ? scan.metadata : {}),
        ...(info.author ? { author: info.author } : {}),
        ...(info.producer ? { producer: info.producer } : {}),
        ...(info.language ? { language: info.language } : {}),
      },
    };
  } finally {
    await pdf.destroy();
  }
}

function openError(source: string, error: unknown): DocumentError {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'PasswordException') {
    return new DocumentError(source, 'encrypted', 'is password-protected; remove the password and upload it again', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DocumentError(source, 'corrupt', `is not a readable PDF (${message})`, { cause: error });
}

async function readLines(page: PdfPage): Promise<Line[]> {
  const content = await page.getTextContent();
  const lines: Line[] = [];
  let current: Line | undefined;
  const endLine = (): void => {
    if (current && hasVisibleText(current.text)) lines.push(current);
    current = undefined;
  };

  for (const raw of content.items) {
    if (!('str' in raw)) continue;
    const item = raw as PositionedText;
    const y = Number(item.transform[5] ?? 0);
    const fontSize = Math.hypot(Number(item.transform[2] ?? 0), Number(item.transform[3] ?? 0)) || item.height;
    // Some producers never set hasEOL; a jump in the baseline then marks the new line.
    if (current && item.str.trim() !== '' && Math.abs(y - current.y) > Math.max(current.fontSize, fontSize) * 0.6) endLine();
    if (!current) current = { text: '', y, fontSize: 0, cells: [] };
    addToCell(current, item, fontSize);
    current.text += item.str;
    if (item.str.trim() !== '') {
      if (current.fontSize === 0) current.y = y;
      current.fontSize = Math.max(current.fontSize, fontSize);
    }
    if (item.hasEOL) endLine();
  }
  endLine();
  return lines;
}

/**
 * Adds a text item to the line's last cell, or starts a cell where the gap from the previous
 * text is wider than a word space (a table column). The line's text gets a space there, so
 * cells drawn apart are not run together.
 */
function addToCell(line: Line, item: PositionedText, fontSize: number): void {
  const x = Number(item.transform[4] ?? 0);
  const xEnd = x + Math.max(0, Number(item.width) || 0);
  const last = line.cells.at(-1);
  if (item.str.trim() === '') {
    if (last) last.text += item.str;
    return;
  }
  if (last && x - last.xEnd <= Math.max(line.fontSize, fontSize) * CELL_GAP_EM) {
    last.text += item.str;
    last.xEnd = Math.max(last.xEnd, xEnd);
    return;
  }
  if (last && !/\s$/.test(line.text)) line.text += ' ';
  line.cells.push({ text: item.str, x, xEnd });
}

/** A page's text: its tables as rows of "Header: value" pairs, the lines around them as paragraphs. */
function pageText(lines: Line[]): string {
  const tables = findPdfTables(lines);
  if (tables.length === 0) return joinLines(lines);
  const parts: string[] = [];
  let at = 0;
  for (const table of tables) {
    if (table.start > at) parts.push(joinLines(lines.slice(at, table.start)));
    parts.push(table.text);
    at = table.end;
  }
  if (at < lines.length) parts.push(joinLines(lines.slice(at)));
  return parts.join('\n\n');
}

/** Lines joined by "\n"; a blank line where the gap to the previous line is clearly wider than the usual spacing. */
function joinLines(lines: Line[]): string {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const gap = lines[i - 1]!.y - lines[i]!.y;
    if (gap > 0 && gap < lines[i]!.fontSize * 3) gaps.push(gap);
  }
  gaps.sort((a, b) => a - b);
  // The lower median: on a page with few lines, paragraph gaps must not count as the usual spacing.
  const usualGap = gaps.length > 0 ? gaps[Math.floor((gaps.length - 1) / 2)]! : undefined;

  let text = '';
  lines.forEach((line, index) => {
    const clean = line.text.trim();
    if (index > 0) {
      const previous = lines[index - 1]!;
      const gap = previous.y - line.y;
      const sizeChanged = Math.abs(line.fontSize - previous.fontSize) > 0.15 * previous.fontSize;
      const wideGap = usualGap === undefined ? gap > line.fontSize * 1.8 : gap > usualGap * 1.4 + 0.5;
      // A jump upwards is a new column or a text box: a paragraph boundary either way.
      text += gap <= 0 || wideGap || sizeChanged ? '\n\n' : '\n';
    }
    text += clean;
  });
  return text;
}

interface ScanReading {
  sections: ParsedSection[];
  metadata: Record<string, unknown>;
}

async function imageOperators(): Promise<Set<number>> {
  const { OPS } = await getResolvedPDFJS();
  return new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageMaskXObject,
    OPS.paintImageXObjectRepeat,
    OPS.paintInlineImageXObjectGroup,
    OPS.paintImageMaskXObjectGroup,
  ]);
}

/** The given pages that paint an image: a page without text or images is blank, not scanned. */
async function pagesWithImages(pdf: PdfDocument, pageNumbers: number[]): Promise<number[]> {
  const imageOps = await imageOperators();
  const found: number[] = [];
  for (const pageNumber of pageNumbers) {
    const page = await pdf.getPage(pageNumber);
    const operators = await page.getOperatorList();
    page.cleanup();
    if (operators.fnArray.some((op) => imageOps.has(op))) found.push(pageNumber);
  }
  return found;
}

async function hasImages(pdf: PdfDocument): Promise<boolean> {
  const { OPS } = await getResolvedPDFJS();
  const imageOps = new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageMaskXObject,
    OPS.paintImageXObjectRepeat,
    OPS.paintInlineImageXObjectGroup,
    OPS.paintImageMaskXObjectGroup,
  ]);
  for (let pageNumber = 1; pageNumber <= Math.min(pdf.numPages, PAGES_CHECKED_FOR_IMAGES); pageNumber++) {
    const page = await pdf.getPage(pageNumber);
    const operators = await page.getOperatorList();
    page.cleanup();
    if (operators.fnArray.some((op) => imageOps.has(op))) return true;
  }
  return false;
}

interface PdfInfo {
  title?: string;
  author?: string;
  producer?: string;
  language?: string;
}

async function readInfo(pdf: PdfDocument): Promise<PdfInfo> {
  const { info, metadata } = (await pdf.getMetadata().catch(() => ({ info: {}, metadata: null }))) as {
    info: Record<string, unknown>;
    metadata: { get(name: string): unknown } | null;
  };
  const text = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    const clean = singleLine(value.replace(/\p{Cc}/gu, ' '));
    return clean === '' ? undefined : clean;
  };
  return {
    title: text(info.Title) ?? text(metadata?.get('dc:title')),
    author: text(info.Author),
    producer: text(info.Producer),
    language: text(info.Language),
  };
}

/** Headings that open many documents in a large font without naming them. */
const NOT_A_TITLE = /^(?:table of )?contents$|^(?:índice|indice|contenido|abstract|resumen|summary|preface|prefacio|introduction|introducción)$/i;

/** A title set in a clearly larger font near the top of the first page with text. */
function titleFromLargestLine(pages: Line[][]): string | undefined {
  const firstPage = pages.find((lines) => lines.length > 0);
  if (!firstPage) return undefined;

  const characters = new Map<number, number>();
  for (const line of pages.slice(0, 3).flat()) {
    const size = Math.round(line.fontSize * 2) / 2;
    characters.set(size, (characters.get(size) ?? 0) + line.text.length);
  }
  const bodySize = [...characters.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;

  const top = firstPage.slice(0, 8);
  const largest = Math.max(...top.map((line) => line.fontSize));
  if (largest < bodySize * 1.2) return undefined;
  const start = top.findIndex((line) => line.fontSize === largest);
  const titleLines: string[] = [];
  for (let i = start; i < top.length && titleLines.length < 3 && Math.abs(top[i]!.fontSize - largest) < 0.5; i++) {
    titleLines.push(top[i]!.text);
  }
  const title = singleLine(titleLines.join(' '));
  if (NOT_A_TITLE.test(title)) return undefined;
  return title.length > 0 && title.length <= 200 ? title : undefined;
}
