import { DocumentError } from '../errors.js';
import { openOfficePackage, readRelationships, type OfficePackage } from './office-package.js';
import { readPackageTitle } from './package-title.js';
import type { ParsedDocument, ParsedSection } from './parsed-document.js';
import { tableSections } from './table-rows.js';
import { titleFromSource } from './text-structure.js';
import { streamXml } from './xml-events.js';

const WORKSHEET = /\/worksheet$/;
const MACRO_SHEET = /\/(?:xlMacrosheet|xlIntlMacrosheet|dialogsheet)$/;

/**
 * XLSX (and macro-enabled XLSM): each worksheet a section named after the sheet, each row
 * "Header: value" pairs. Cells show what Excel last calculated: a formula's cached value, a
 * date as a date. Macros and charts carry no reading text and are skipped.
 */
export function parseXlsx(source: string, bytes: Uint8Array): ParsedDocument {
  const pkg = openOfficePackage(source, bytes, 'workbook');
  const workbookPart = partOfType(readRelationships(pkg, ''), '/officeDocument') ?? 'xl/workbook.xml';
  const workbookXml = pkg.text(workbookPart);
  if (workbookXml === undefined) throw new DocumentError(source, 'corrupt', 'is not a readable workbook: it has no workbook part');

  const relationships = readRelationships(pkg, workbookPart);
  const sheets = listSheets(workbookXml);
  const worksheets = sheets.filter((sheet) => WORKSHEET.test(relationships.get(sheet.relationshipId)?.type ?? ''));
  const macroSheets = sheets.filter((sheet) => MACRO_SHEET.test(relationships.get(sheet.relationshipId)?.type ?? ''));
  if (worksheets.length === 0 && (macroSheets.length > 0 || pkg.names.some((name) => /vbaProject\.bin$/.test(name)))) {
    throw new DocumentError(source, 'empty', 'holds only macros and no worksheet data; macros are not read');
  }

  const sharedStrings = readSharedStrings(pkg, relationships);
  const dateStyles = readDateStyles(pkg, relationships);
  const sections: ParsedSection[] = [];
  let rows = 0;
  for (const sheet of worksheets) {
    const xml = pkg.text(relationships.get(sheet.relationshipId)!.target);
    if (xml === undefined) continue;
    const grid = readSheetRows(xml, sharedStrings, dateStyles);
    rows += grid.length;
    sections.push(...tableSections({ name: sheet.name, rows: grid }));
  }
  return {
    source,
    format: 'xlsx',
    title: readPackageTitle(pkg, 'docProps/core.xml') ?? titleFromSource(source),
    sections,
    metadata: { sheets: worksheets.map((sheet) => sheet.name), rows },
  };
}

interface SheetEntry {
  name: string;
  relationshipId: string;
}

function listSheets(workbookXml: string): SheetEntry[] {
  const sheets: SheetEntry[] = [];
  streamXml(workbookXml, {
    open(name, attributes) {
      if (name !== 'sheet' && !name.endsWith(':sheet')) return;
      const relationshipId = Object.entries(attributes).find(([key]) => key === 'r:id' || key.endsWith(':id'))?.[1];
      if (relationshipId) sheets.push({ name: attributes.name ?? '', relationshipId });
    },
    close() {},
    text() {},
  });
  return sheets;
}

function partOfType(relationships: Map<string, { target: string; type: string }>, suffix: string): string | undefined {
  return [...relationships.values()].find((relationship) => relationship.type.endsWith(suffix))?.target;
}

/** Shared strings in order; rich-text runs joined, phonetic guides (rPh) left out. */
function readSharedStrings(pkg: OfficePackage, relationships: Map<string, { target: string; type: string }>): string[] {
  const xml = pkg.text(partOfType(relationships, '/sharedStrings') ?? 'xl/sharedStrings.xml');
  if (!xml) return [];
  const strings: string[] = [];
  let current: string[] | undefined;
  let inText = false;
  let phonetic = 0;
  streamXml(xml, {
    open(name) {
      if (name === 'si') current = [];
      else if (name === 'rPh') phonetic += 1;
      else if (name === 't') inText = true;
    },
    close(name) {
      if (name === 'si' && current) {
        strings.push(current.join(''));
        current = undefined;
      } else if (name === 'rPh') phonetic -= 1;
      else if (name === 't') inText = false;
    },
    text(text) {
      if (current && inText && phonetic === 0) current.push(text);
    },
  });
  return strings;
}

/** Built-in number formats that show dates (ECMA-376 §18.8.30). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Cell style index → whether it shows a date, from the cellXfs of styles.xml. */
function readDateStyles(pkg: OfficePackage, relationships: Map<string, { target: string; type: string }>): boolean[] {
  const xml = pkg.text(partOfType(relationships, '/styles') ?? 'xl/styles.xml');
  if (!xml) return [];
  const customDateFormats = new Set<number>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  streamXml(xml, {
    open(name, attributes) {
      if (name === 'numFmt') {
        // A date format has day, month or year letters outside quoted text and brackets ("[Red]", "[h]").
        const code = (attributes.formatCode ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
        if (/[dy]|m{3,}/i.test(code)) customDateFormats.add(Number(attributes.numFmtId));
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attributes.numFmtId ?? 0);
        styles.push(BUILT_IN_DATE_FORMATS.has(id) || customDateFormats.has(id));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return styles;
}

/** Rows of cell texts, placed by their references so gaps stay empty columns. */
export function readSheetRows(xml: string, sharedStrings: readonly string[], dateStyles: readonly boolean[]): string[][] {
  const rows: string[][] = [];
  let row: string[] | undefined;
  let cell: { column: number; type: string; style: number; value: string; inline: string } | undefined;
  let capture: 'v' | 't' | undefined;
  let nextColumn = 0;
  streamXml(xml, {
    open(name, attributes) {
      if (name === 'row') {
        row = [];
        nextColumn = 0;
      } else if (name === 'c' && row) {
        const column = attributes.r ? columnIndex(attributes.r) : nextColumn;
        cell = { column, type: attributes.t ?? 'n', style: Number(attributes.s ?? 0), value: '', inline: '' };
        nextColumn = column + 1;
      } else if (cell && name === 'v') capture = 'v';
      else if (cell && name === 't') capture = 't';
    },
    close(name) {
      if (name === 'v' || name === 't') capture = undefined;
      else if (name === 'c' && cell && row) {
        const text = cellText(cell, sharedStrings, dateStyles);
        // Columns far to the right of the data are sparse; beyond 16,384 (Excel's XFD) they cannot exist.
        if (text && cell.column < 16_384) {
          while (row.length < cell.column) row.push('');
          row[cell.column] = text;
        }
        cell = undefined;
      } else if (name === 'row' && row) {
        rows.push(row);
        row = undefined;
      }
    },
    text(text) {
      if (!cell) return;
      if (capture === 'v') cell.value += text;
      else if (capture === 't') cell.inline += text;
    },
  });
  return rows;
}

function cellText(
  cell: { type: string; style: number; value: string; inline: string },
  sharedStrings: readonly string[],
  dateStyles: readonly boolean[],
): string {
  switch (cell.type) {
    case 's':
      return sharedStrings[Number(cell.value)] ?? '';
    case 'inlineStr':
      return cell.inline;
    case 'b':
      return cell.value === '1' ? 'TRUE' : cell.value === '0' ? 'FALSE' : cell.value;
    case 'str':
    case 'e':
      return cell.value;
    default: {
      const value = cell.value.trim();
      if (value && dateStyles[cell.style]) return serialDate(Number(value)) ?? value;
      return value;
    }
  }
}

/** Excel's serial day number (1900 system) as an ISO date, with the time when it has one. */
export function serialDate(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2_958_465) return undefined;
  // Day 0 is 1899-12-30 in practice: Excel counts a 29 February 1900 that never was.
  const milliseconds = Math.round((serial - 25_569) * 86_400_000);
  const iso = new Date(milliseconds).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

/** "B12" → 1. */
function columnIndex(reference: string): number {
  let index = 0;
  for (const char of reference.toUpperCase()) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return Math.max(0, index - 1);
}
