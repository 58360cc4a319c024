import { formatRow } from './table-rows.js';
import { singleLine } from './text-structure.js';

/** A run of text on one line, set apart from its neighbours by a gap wider than a word space. */
export interface PdfCell {
  text: string;
  /** Left and right edge in PDF space. */
  x: number;
  xEnd: number;
}

/** What table detection needs of a line: its cells and its font size. */
export interface PdfTableLine {
  cells: PdfCell[];
  fontSize: number;
}

/** A gap between two runs of text wider than this many font sizes separates two cells. */
export const CELL_GAP_EM = 1.2;

/** Rows a table needs besides its header: fewer is too weak a sign (two labels side by side). */
const MIN_BODY_ROWS = 2;

/** A cell longer than this is prose (a column of a two-column page), not a table cell. */
const MAX_CELL_CHARS = 80;

export interface PdfTable {
  /** Index of the header line and one past the last row. */
  start: number;
  end: number;
  text: string;
}

/**
 * Finds tables among a page's lines: a header line of two or more labels (every cell has a
 * letter, so a table of contents' "Introduction   1" is no header) followed by at least two
 * lines whose cells each sit under a different header cell. Each table is written as the
 * DOCX and HTML tables are: "Columns: …", then one paragraph of "Header: value" pairs per row.
 */
export function findPdfTables(lines: readonly PdfTableLine[]): PdfTable[] {
  const tables: PdfTable[] = [];
  let index = 0;
  while (index < lines.length) {
    const header = lines[index]!;
    if (!isTableLine(header) || !header.cells.every((cell) => /\p{L}/u.test(cell.text))) {
      index += 1;
      continue;
    }
    const rows: string[][] = [];
    let next = index + 1;
    while (next < lines.length) {
      const row = alignedRow(header, lines[next]!);
      if (!row) break;
      rows.push(row);
      next += 1;
    }
    if (rows.length < MIN_BODY_ROWS) {
      index += 1;
      continue;
    }
    const names = header.cells.map((cell) => singleLine(cell.text));
    const paragraphs = [`Columns: ${names.join(' | ')}`, ...rows.map((row) => formatRow(names, row)).filter(Boolean)];
    tables.push({ start: index, end: next, text: paragraphs.join('\n\n') });
    index = next;
  }
  return tables;
}

function isTableLine(line: PdfTableLine): boolean {
  return line.cells.length >= 2 && line.cells.every((cell) => cell.text.trim().length <= MAX_CELL_CHARS);
}

/**
 * The line's cells placed in the header's columns, or undefined when the line is not a row of
 * that table. A cell belongs to the column whose span it overlaps most (a number set flush
 * right under a left-aligned header still overlaps it); two cells in one column, a cell under
 * no column, or a line of one cell ends the table.
 */
function alignedRow(header: PdfTableLine, line: PdfTableLine): string[] | undefined {
  if (!isTableLine(line)) return undefined;
  const columns = header.cells.map((cell, index) => ({
    x: cell.x,
    // A column reaches to the next header cell: values are often wider than their header.
    xEnd: Math.max(cell.xEnd, (header.cells[index + 1]?.x ?? Number.POSITIVE_INFINITY) - header.fontSize * 0.5),
  }));
  const row: string[] = new Array(columns.length).fill('');
  const tolerance = header.fontSize;
  for (const cell of line.cells) {
    let best = -1;
    let bestOverlap = 0;
    columns.forEach((column, index) => {
      const overlap = Math.min(cell.xEnd, column.xEnd) - Math.max(cell.x, column.x - tolerance);
      if (overlap > bestOverlap) {
        best = index;
        bestOverlap = overlap;
      }
    });
    if (best < 0 || row[best] !== '') return undefined;
    row[best] = cell.text;
  }
  return row;
}
