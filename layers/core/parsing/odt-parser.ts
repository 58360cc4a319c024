import { DocumentError } from '../errors.js';
import { openOfficePackage } from './office-package.js';
import { odfInlineText, readOdfTitle } from './odf-text.js';
import type { ParsedDocument } from './parsed-document.js';
import { formatRow } from './table-rows.js';
import { SectionBuilder, singleLine, titleFromSource } from './text-structure.js';
import { streamXml } from './xml-events.js';

/**
 * OpenDocument text: text:h headings (by outline level) build the heading path, paragraphs and
 * list items are paragraphs, tables are "Header: value" rows, and footnotes follow the
 * paragraph that cites them.
 */
export function parseOdt(source: string, bytes: Uint8Array): ParsedDocument {
  const pkg = openOfficePackage(source, bytes, 'OpenDocument text');
  const content = pkg.text('content.xml');
  if (content === undefined) throw new DocumentError(source, 'corrupt', 'is not a readable OpenDocument text: it has no content.xml');

  const builder = new SectionBuilder();
  // Paragraphs open inside one another only through notes; each level collects its own text.
  const open: { heading?: number; text: string; notes: string[] }[] = [];
  let citationDepth = 0;
  let table: string[][] | undefined;
  let row: string[] | undefined;
  let cell: string[] | undefined;
  let headings = 0;

  const emit = (text: string) => {
    if (cell) cell.push(text);
    else builder.paragraph(text);
  };

  streamXml(content, {
    open(name, attributes) {
      if (name === 'text:note-citation') citationDepth += 1;
      else if (name === 'table:table' && !table) table = [];
      else if (name === 'table:table-row' && table) row = [];
      else if ((name === 'table:table-cell' || name === 'table:covered-table-cell') && row) cell = [];
      else if (name === 'text:p' || name === 'text:h') {
        open.push({ heading: name === 'text:h' ? Math.max(1, Number(attributes['text:outline-level'] ?? 1) || 1) : undefined, text: '', notes: [] });
      } else if (open.length > 0) open[open.length - 1]!.text += odfInlineText(name, attributes) ?? '';
    },
    text(text) {
      if (open.length > 0 && citationDepth === 0) open[open.length - 1]!.text += text;
    },
    close(name) {
      if (name === 'text:note-citation') citationDepth -= 1;
      else if ((name === 'text:p' || name === 'text:h') && open.length > 0) {
        const paragraph = open.pop()!;
        const parent = open.at(-1);
        if (parent) {
          parent.notes.push(paragraph.text, ...paragraph.notes);
          return;
        }
        if (paragraph.heading !== undefined && !cell) {
          headings += 1;
          builder.heading(paragraph.heading, paragraph.text);
        } else emit(paragraph.text);
        for (const note of paragraph.notes) emit(note);
      } else if ((name === 'table:table-cell' || name === 'table:covered-table-cell') && cell && row) {
        row.push(cell.join(' '));
        cell = undefined;
      } else if (name === 'table:table-row' && row && table) {
        table.push(row);
        row = undefined;
      } else if (name === 'table:table' && table) {
        const [header = [], ...body] = table.filter((cells) => cells.some((value) => value.trim()));
        if (body.length === 0) builder.paragraph(header.map((value) => singleLine(value)).join(' | '));
        for (const cells of body) builder.paragraph(formatRow(header, cells));
        table = undefined;
      }
    },
  });

  const sections = builder.build();
  return {
    source,
    format: 'odt',
    title: readOdfTitle(pkg) ?? sections.find((section) => section.headingPath.length > 0)?.headingPath[0] ?? titleFromSource(source),
    sections,
    metadata: { headings },
  };
}
