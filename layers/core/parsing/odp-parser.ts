import { DocumentError } from '../errors.js';
import { openOfficePackage } from './office-package.js';
import { odfInlineText, readOdfTitle } from './odf-text.js';
import type { ParsedDocument } from './parsed-document.js';
import { type SlideContent, slideSections } from './slide-sections.js';
import { formatRow } from './table-rows.js';
import { singleLine, titleFromSource } from './text-structure.js';
import { streamXml } from './xml-events.js';

const FURNITURE_CLASSES = new Set(['footer', 'date-time', 'page-number', 'header']);

/**
 * OpenDocument presentation: each draw:page a slide whose heading is its title frame; text
 * frames and tables (as "Header: value" rows) in order, then the speaker notes.
 */
export function parseOdp(source: string, bytes: Uint8Array): ParsedDocument {
  const pkg = openOfficePackage(source, bytes, 'presentation');
  const content = pkg.text('content.xml');
  if (content === undefined) throw new DocumentError(source, 'corrupt', 'is not a readable presentation: it has no content.xml');

  const slides: SlideContent[] = [];
  let slide: SlideContent | undefined;
  let notesDepth = 0;
  let titleFrameDepth = 0;
  // One entry per open frame: a title, or a footer, date or slide-number frame (the same on every slide)?
  const frames: ('title' | 'furniture' | 'other')[] = [];
  let furnitureDepth = 0;
  let paragraph: string | undefined;
  let paragraphDepth = 0;
  let table: string[][] | undefined;
  let row: string[] | undefined;
  let cell: string[] | undefined;

  streamXml(content, {
    open(name, attributes) {
      if (name === 'draw:page') slide = { number: slides.length + 1, title: '', paragraphs: [], notes: [] };
      else if (!slide) return;
      else if (name === 'presentation:notes') notesDepth += 1;
      else if (name === 'draw:frame') {
        const kind =
          attributes['presentation:class'] === 'title' && notesDepth === 0
            ? 'title'
            : FURNITURE_CLASSES.has(attributes['presentation:class'] ?? '')
              ? 'furniture'
              : 'other';
        frames.push(kind);
        if (kind === 'furniture') furnitureDepth += 1;
        if (kind === 'title') titleFrameDepth += 1;
      } else if (name === 'table:table') table = [];
      else if (name === 'table:table-row' && table) row = [];
      else if ((name === 'table:table-cell' || name === 'table:covered-table-cell') && row) cell = [];
      else if (name === 'text:p' || name === 'text:h') {
        paragraphDepth += 1;
        if (paragraphDepth === 1) paragraph = '';
      } else if (paragraph !== undefined) paragraph += odfInlineText(name, attributes) ?? '';
    },
    text(text) {
      if (paragraph !== undefined) paragraph += text;
    },
    close(name) {
      if (!slide) return;
      if ((name === 'text:p' || name === 'text:h') && paragraphDepth > 0) {
        paragraphDepth -= 1;
        if (paragraphDepth > 0 || paragraph === undefined) return;
        if (furnitureDepth > 0) paragraph = undefined;
        else if (cell) cell.push(paragraph);
        else if (notesDepth > 0) slide.notes.push(paragraph);
        else if (titleFrameDepth > 0) slide.title = singleLine(`${slide.title} ${paragraph}`);
        else slide.paragraphs.push(paragraph);
        paragraph = undefined;
      } else if ((name === 'table:table-cell' || name === 'table:covered-table-cell') && cell && row) {
        row.push(cell.join(' '));
        cell = undefined;
      } else if (name === 'table:table-row' && row && table) {
        table.push(row);
        row = undefined;
      } else if (name === 'table:table' && table) {
        const [header = [], ...body] = table.filter((cells) => cells.some((value) => value.trim()));
        const rows = body.length > 0 ? body.map((cells) => formatRow(header, cells)) : [header.map((value) => singleLine(value)).join(' | ')];
        (notesDepth > 0 ? slide.notes : slide.paragraphs).push(...rows);
        table = undefined;
      } else if (name === 'draw:frame') {
        const kind = frames.pop();
        if (kind === 'furniture') furnitureDepth -= 1;
        if (kind === 'title') titleFrameDepth -= 1;
      } else if (name === 'presentation:notes') notesDepth -= 1;
      else if (name === 'draw:page') {
        slides.push(slide);
        slide = undefined;
      }
    },
  });

  return {
    source,
    format: 'odp',
    title: readOdfTitle(pkg) ?? slides.find((candidate) => candidate.title)?.title ?? titleFromSource(source),
    sections: slideSections(slides),
    metadata: { slides: slides.length },
  };
}
