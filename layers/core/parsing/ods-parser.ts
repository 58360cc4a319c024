import { DocumentError } from '../errors.js';
import { openOfficePackage } from './office-package.js';
import { odfInlineText, readOdfTitle } from './odf-text.js';
import type { ParsedDocument, ParsedSection } from './parsed-document.js';
import { tableSections } from './table-rows.js';
import { titleFromSource } from './text-structure.js';
import { streamXml } from './xml-events.js';

/**
 * Cells a sheet may expand to through its repeat counts. ODS stores runs of equal rows and cells
 * once with a count, so 1 KB can ask for billions of cells; real sheets stay far below this.
 */
export const ODS_MAX_CELLS = 2_000_000;

/** Trailing formatting repeats columns and rows out to the sheet's edge; only filled ones count. */
const MAX_REPEATED_COLUMNS = 1_024;

/**
 * OpenDocument spreadsheet: each table a section named after it, rows as "Header: value" pairs.
 * The cell text is what the office suite displayed when it saved: a formula's value, a date in
 * its format.
 */
export function parseOds(source: string, bytes: Uint8Array): ParsedDocument {
  const pkg = openOfficePackage(source, bytes, 'spreadsheet');
  const content = pkg.text('content.xml');
  if (content === undefined) throw new DocumentError(source, 'corrupt', 'is not a readable spreadsheet: it has no content.xml');

  const tables: { name: string; rows: string[][] }[] = [];
  let table: { name: string; rows: string[][] } | undefined;
  let row: string[] | undefined;
  let rowRepeat = 1;
  let cell: { repeat: number; paragraphs: string[]; current: string } | undefined;
  let paragraphDepth = 0;
  let annotationDepth = 0;
  let cells = 0;

  const tooLarge = () =>
    new DocumentError(source, 'too_large', `repeats its cells beyond ${ODS_MAX_CELLS.toLocaleString('en')} cells; it may be a decompression bomb`);

  streamXml(content, {
    open(name, attributes) {
      if (name === 'office:annotation') annotationDepth += 1;
      if (annotationDepth > 0) return;
      if (name === 'table:table') table = { name: attributes['table:name'] ?? '', rows: [] };
      else if (name === 'table:table-row' && table) {
        row = [];
        rowRepeat = Math.max(1, Number(attributes['table:number-rows-repeated'] ?? 1) || 1);
      } else if ((name === 'table:table-cell' || name === 'table:covered-table-cell') && row) {
        cell = { repeat: Math.max(1, Number(attributes['table:number-columns-repeated'] ?? 1) || 1), paragraphs: [], current: '' };
      } else if (cell && (name === 'text:p' || name === 'text:h')) {
        paragraphDepth += 1;
        cell.current = '';
      } else if (cell && paragraphDepth > 0) cell.current += odfInlineText(name, attributes) ?? '';
    },
    text(text) {
      if (cell && paragraphDepth > 0 && annotationDepth === 0) cell.current += text;
    },
    close(name) {
      if (name === 'office:annotation') {
        annotationDepth -= 1;
        return;
      }
      if (annotationDepth > 0) return;
      if (cell && (name === 'text:p' || name === 'text:h')) {
        paragraphDepth -= 1;
        cell.paragraphs.push(cell.current);
      } else if ((name === 'table:table-cell' || name === 'table:covered-table-cell') && cell && row) {
        const value = cell.paragraphs.join('\n');
        const repeat = value.trim() ? Math.min(cell.repeat, MAX_REPEATED_COLUMNS) : cell.repeat;
        if (value.trim()) {
          for (let i = 0; i < repeat; i += 1) row.push(value);
        } else if (row.length + repeat <= MAX_REPEATED_COLUMNS) {
          for (let i = 0; i < repeat; i += 1) row.push('');
        } else row.length = Math.min(row.length + repeat, MAX_REPEATED_COLUMNS);
        cell = undefined;
      } else if (name === 'table:table-row' && row && table) {
        const filled = row.some((value) => value.trim());
        if (filled) {
          cells += row.length * rowRepeat;
          if (cells > ODS_MAX_CELLS) throw tooLarge();
          for (let i = 0; i < rowRepeat; i += 1) table.rows.push(row);
        }
        row = undefined;
      } else if (name === 'table:table' && table) {
        tables.push(table);
        table = undefined;
      }
    },
  });

  const sections: ParsedSection[] = tables.flatMap((sheet) =>
    tableSections({ name: sheet.name, rows: sheet.rows.map((r) => Array.from(r, (value) => value ?? '')) }),
  );
  return {
    source,
    format: 'ods',
    title: readOdfTitle(pkg) ?? titleFromSource(source),
    sections,
    metadata: { sheets: tables.map((sheet) => sheet.name), rows: tables.reduce((total, sheet) => total + sheet.rows.length, 0) },
  };
}
