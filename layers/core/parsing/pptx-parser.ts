import { DocumentError } from '../errors.js';
import { openOfficePackage, readRelationships, type OfficePackage } from './office-package.js';
import { readPackageTitle } from './package-title.js';
import type { ParsedDocument } from './parsed-document.js';
import { type SlideContent, slideSections } from './slide-sections.js';
import { formatRow } from './table-rows.js';
import { singleLine, titleFromSource } from './text-structure.js';
import { streamXml } from './xml-events.js';

const TITLE_PLACEHOLDERS = new Set(['title', 'ctrTitle']);
/** Slide number, footer and date placeholders: page furniture, the same on every slide. */
const SLIDE_SKIPPED_PLACEHOLDERS = new Set(['sldNum', 'ftr', 'dt']);
/** Placeholders of a notes page that repeat the slide (its picture, its number) rather than the speaker's notes. */
const NOTES_SKIPPED_PLACEHOLDERS = new Set(['sldImg', 'sldNum', 'hdr', 'ftr', 'dt']);

/**
 * PPTX: each shown slide a page whose heading is its title; text boxes, tables (as "Header:
 * value" rows) and speaker notes in reading order of the file. Hidden slides are left out.
 */
export function parsePptx(source: string, bytes: Uint8Array): ParsedDocument {
  const pkg = openOfficePackage(source, bytes, 'presentation');
  const presentationPart =
    [...readRelationships(pkg, '').values()].find((relationship) => relationship.type.endsWith('/officeDocument'))?.target ?? 'ppt/presentation.xml';
  const presentationXml = pkg.text(presentationPart);
  if (presentationXml === undefined) throw new DocumentError(source, 'corrupt', 'is not a readable presentation: it has no presentation part');
  const relationships = readRelationships(pkg, presentationPart);

  const slides: SlideContent[] = [];
  let hidden = 0;
  for (const relationshipId of slideOrder(presentationXml)) {
    const slidePart = relationships.get(relationshipId)?.target;
    const slideXml = slidePart ? pkg.text(slidePart) : undefined;
    if (!slidePart || slideXml === undefined) continue;
    const slide = readShapes(slideXml, SLIDE_SKIPPED_PLACEHOLDERS);
    if (slide.hidden) {
      hidden += 1;
      continue;
    }
    const notesPart = [...readRelationships(pkg, slidePart).values()].find((relationship) => relationship.type.endsWith('/notesSlide'))?.target;
    const notes = notesPart ? readNotes(pkg, notesPart) : [];
    slides.push({ number: slides.length + 1, title: slide.title, paragraphs: slide.paragraphs, notes });
  }
  return {
    source,
    format: 'pptx',
    title: readPackageTitle(pkg, 'docProps/core.xml') ?? slides.find((slide) => slide.title)?.title ?? titleFromSource(source),
    sections: slideSections(slides),
    metadata: { slides: slides.length, hiddenSlides: hidden },
  };
}

function slideOrder(presentationXml: string): string[] {
  const ids: string[] = [];
  streamXml(presentationXml, {
    open(name, attributes) {
      if (name === 'p:sldId') {
        const id = attributes['r:id'];
        if (id) ids.push(id);
      }
    },
    close() {},
    text() {},
  });
  return ids;
}

interface ShapeText {
  title: string;
  paragraphs: string[];
  hidden: boolean;
}

/** Text of a slide or notes page: shapes by placeholder type, paragraphs, and tables as rows. */
function readShapes(xml: string, skipped: ReadonlySet<string> = new Set()): ShapeText {
  const result: ShapeText = { title: '', paragraphs: [], hidden: false };
  const shapes: { placeholder?: string; paragraphs: string[] }[] = [];
  let paragraph: string | undefined;
  let inText = false;
  let table: string[][] | undefined;
  let row: string[] | undefined;
  let cell: string[] | undefined;

  streamXml(xml, {
    open(name, attributes) {
      if (name === 'p:sld' && attributes.show === '0') result.hidden = true;
      else if (name === 'p:sp' || name === 'p:graphicFrame') shapes.push({ paragraphs: [] });
      else if (name === 'p:ph' && shapes.length > 0) shapes[shapes.length - 1]!.placeholder = attributes.type ?? 'body';
      else if (name === 'a:tbl') table = [];
      else if (name === 'a:tr' && table) row = [];
      else if (name === 'a:tc' && row) cell = [];
      else if (name === 'a:p') paragraph = '';
      else if (name === 'a:t') inText = true;
      else if (name === 'a:br' && paragraph !== undefined) paragraph += '\n';
    },
    text(text) {
      if (inText && paragraph !== undefined) paragraph += text;
    },
    close(name) {
      if (name === 'a:t') inText = false;
      else if (name === 'a:p' && paragraph !== undefined) {
        if (cell) cell.push(paragraph);
        else shapes.at(-1)?.paragraphs.push(paragraph);
        paragraph = undefined;
      } else if (name === 'a:tc' && cell && row) {
        row.push(cell.join(' '));
        cell = undefined;
      } else if (name === 'a:tr' && row && table) {
        table.push(row);
        row = undefined;
      } else if (name === 'a:tbl' && table) {
        const [header = [], ...body] = table.filter((cells) => cells.some((value) => value.trim()));
        const rows = body.length > 0 ? body.map((cells) => formatRow(header, cells)) : [header.map((value) => singleLine(value)).join(' | ')];
        shapes.at(-1)?.paragraphs.push(...rows);
        table = undefined;
      } else if (name === 'p:sp' || name === 'p:graphicFrame') {
        const shape = shapes.pop()!;
        if (shape.placeholder && skipped.has(shape.placeholder)) return;
        const text = shape.paragraphs.filter((line) => line.trim());
        if (shape.placeholder && TITLE_PLACEHOLDERS.has(shape.placeholder) && !result.title) result.title = singleLine(text.join(' '));
        else result.paragraphs.push(...text);
      }
    },
  });
  return result;
}

function readNotes(pkg: OfficePackage, notesPart: string): string[] {
  const xml = pkg.text(notesPart);
  return xml ? readShapes(xml, NOTES_SKIPPED_PLACEHOLDERS).paragraphs : [];
}
