import { formatRow } from './table-rows.js';
import { singleLine } from './text-structure.js';

interface OpenTable {
  header?: string[];
  bodyRows: number;
  row: string[];
  /** Index in the walker's text parts where the open cell's text starts. */
  cellStart?: number;
}

/**
 * Turns HTML tables, as the walker streams them, into rows read with their header: the first
 * row of two or more cells is the header, and each later row is written "Header: value; …".
 * A one-cell row (a layout table, a caption row) is its own paragraph; a table that is only a
 * header row reads "a | b". A table nested in a cell is read as words of that cell.
 */
export class HtmlTableRows {
  private readonly tables: OpenTable[] = [];
  /** Tables open inside the current cell. */
  private nested = 0;

  constructor(private readonly emit: (paragraph: string) => void) {}

  /** Inside a cell, block elements separate words instead of ending a paragraph. */
  get inCell(): boolean {
    return this.nested > 0 || this.tables.at(-1)?.cellStart !== undefined;
  }

  openTable(): void {
    if (this.inCell) this.nested += 1;
    else this.tables.push({ bodyRows: 0, row: [] });
  }

  closeTable(parts: string[]): void {
    if (this.nested > 0) {
      this.nested -= 1;
      parts.push(' ');
      return;
    }
    const table = this.tables.at(-1);
    if (!table) return;
    this.endRow(parts);
    this.tables.pop();
    if (table.header && table.bodyRows === 0) this.emit(table.header.join(' | '));
  }

  openCell(parts: string[]): void {
    if (this.nested > 0) {
      parts.push(' ');
      return;
    }
    const table = this.tables.at(-1);
    if (!table) return;
    this.closeCell(parts);
    table.cellStart = parts.length;
  }

  closeCell(parts: string[]): void {
    if (this.nested > 0) return;
    const table = this.tables.at(-1);
    if (!table || table.cellStart === undefined) return;
    table.row.push(singleLine(parts.splice(table.cellStart).join('')));
    table.cellStart = undefined;
  }

  endRow(parts: string[]): void {
    if (this.nested > 0) {
      parts.push(' ');
      return;
    }
    const table = this.tables.at(-1);
    if (!table) return;
    this.closeCell(parts);
    const row = table.row;
    table.row = [];
    if (!row.some(Boolean)) return;
    if (row.length === 1) {
      this.emit(row[0]!);
    } else if (!table.header) {
      table.header = row;
    } else {
      table.bodyRows += 1;
      this.emit(formatRow(table.header, row));
    }
  }
}
