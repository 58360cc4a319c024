import type { ParsedDocument } from './parsed-document.js';
import { tableSections } from './table-rows.js';
import { titleFromSource } from './text-structure.js';

/** CSV: comma-separated, or semicolon-separated as Excel writes it where the comma is the decimal mark (Spain). */
export function parseCsv(source: string, text: string): ParsedDocument {
  return delimitedDocument(source, 'csv', text, guessSeparator(text));
}

export function parseTsv(source: string, text: string): ParsedDocument {
  return delimitedDocument(source, 'tsv', text, '\t');
}

function delimitedDocument(source: string, format: 'csv' | 'tsv', text: string, separator: string): ParsedDocument {
  const rows = parseDelimited(text, separator);
  return {
    source,
    format,
    title: titleFromSource(source),
    sections: tableSections({ name: '', rows }),
    metadata: { rows: rows.length, separator },
  };
}

/** The separator that splits the first line (outside quotes) most often: comma, semicolon or tab. */
export function guessSeparator(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of text.slice(0, 64 * 1024)) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [separator, count] of counts) if (count > counts.get(best)!) best = separator;
  return best;
}

/**
 * RFC 4180 fields: quotes around a field allow separators and line breaks inside it, and a
 * doubled quote is a literal quote. Lenient where files are not: a stray quote inside an
 * unquoted field is kept as text, and a quote left open runs to the end of the file.
 */
export function parseDelimited(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
      continue;
    }
    if (char === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (char === separator) {
      row.push(field);
      field = '';
      atFieldStart = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      atFieldStart = true;
    } else {
      field += char;
      atFieldStart = false;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
