import type { ParsedSection } from './parsed-document.js';
import { hasVisibleText, singleLine } from './text-structure.js';

/** One table as read from a sheet or a document: cell texts, row by row. */
export interface TableGrid {
  /** Sheet name; becomes the section heading. Empty for a table without a name (CSV). */
  name: string;
  rows: string[][];
}

/**
 * A row written as "Header: value" pairs, so a row read alone (retrieved, cited) still says what
 * each value is. Empty cells are left out; a value without a header is named by its column.
 */
export function formatRow(header: readonly string[], cells: readonly string[]): string {
  const pairs: string[] = [];
  cells.forEach((cell, index) => {
    const value = singleLine(cell);
    if (!value) return;
    const name = singleLine(header[index] ?? '');
    pairs.push(name ? `${name}: ${value}` : `${columnLabel(index)}: ${value}`);
  });
  return pairs.join('; ');
}

/** "Column A", "Column AB": the label a spreadsheet user sees for a column without a header. */
export function columnLabel(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `Column ${letters}`;
}

/**
 * A table as one section: the first non-empty row is the header, every other row a paragraph
 * of "Header: value" pairs. Chunking packs whole paragraphs, so large tables are chunked by
 * rows, and every chunk's header names the sheet.
 */
export function tableSections(table: TableGrid): ParsedSection[] {
  const rows = table.rows.map(trimRow).filter((row) => row.some(hasVisibleText));
  if (rows.length === 0) return [];
  const headingPath = table.name ? [singleLine(table.name)] : [];
  const [header, ...body] = rows as [string[], ...string[][]];
  const headerLine = header
    .map((cell) => singleLine(cell))
    .filter(Boolean)
    .join(' | ');
  if (body.length === 0) return [{ headingPath, text: headerLine }];
  const paragraphs = [`Columns: ${headerLine}`];
  for (const row of body) {
    const text = formatRow(header, row);
    if (text) paragraphs.push(text);
  }
  return [{ headingPath, text: paragraphs.join('\n\n') }];
}

function trimRow(row: string[]): string[] {
  let end = row.length;
  while (end > 0 && !hasVisibleText(row[end - 1] ?? '')) end -= 1;
  return row.slice(0, end).map((cell) => cell ?? '');
}
