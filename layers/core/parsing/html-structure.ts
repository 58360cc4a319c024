import { streamHtml } from './html-events.js';
import { HtmlTableRows } from './html-table-rows.js';
import type { ParsedSection } from './parsed-document.js';
import { SectionBuilder, singleLine } from './text-structure.js';

/** Elements whose content is never reading text. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'nav', 'head', 'svg', 'iframe', 'object', 'canvas']);

/** Elements that end the current paragraph when they open or close. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

const HEADING = /^h([1-6])$/;

export interface HtmlStructure {
  /** Text of the first `<title>`, if any. */
  documentTitle?: string;
  /** Text of the first element marked `class="document-title"` (how DOCX Title paragraphs are mapped). */
  styledTitle?: string;
  /** Text of the first `<h1>`. */
  firstH1?: string;
  headingCount: number;
  sections: ParsedSection[];
}

/**
 * Walks HTML as a stream of events and collects sections: h1–h6 build the heading path and
 * block elements end paragraphs. The walk keeps only flat counters and an array of open
 * elements, so a document nested 100,000 levels deep cannot overflow the stack.
 */
export function walkHtmlStructure(html: string): HtmlStructure {
  const builder = new SectionBuilder();
  const result: HtmlStructure = { headingCount: 0, sections: [] };

  // One flag per open element: did it start a skipped region?
  const skipStack: boolean[] = [];
  let skipDepth = 0;
  let preDepth = 0;
  let capture: { kind: 'title' | 'heading' | 'styled-title'; level: number; parts: string[] } | undefined;
  let parts: string[] = [];
  let headOpen = false;

  const endParagraph = (): void => {
    if (parts.length === 0) return;
    const raw = parts.join('');
    parts = [];
    // Preformatted text keeps its line breaks; elsewhere whitespace is layout only.
    builder.paragraph(preDepth > 0 ? preformatted(raw) : singleLine(raw));
  };
  const tables = new HtmlTableRows((row) => {
    endParagraph();
    builder.paragraph(row);
  });

  streamHtml(html, {
    open(name, attributes) {
      const skips =
        SKIPPED.has(name) ||
        'hidden' in attributes ||
        attributes['aria-hidden'] === 'true' ||
        // Back-links of footnotes and endnotes ("↑") as written by DOCX conversion.
        (name === 'a' && /^#(?:footnote|endnote)-ref/.test(attributes.href ?? ''));
      skipStack.push(skips);
      if (skips) skipDepth++;

      if (name === 'head') headOpen = true;
      const titleAllowed = skipDepth === 0 || (headOpen && skipDepth === 1);
      if (name === 'title' && titleAllowed && result.documentTitle === undefined && !capture) {
        capture = { kind: 'title', level: 0, parts: [] };
        return;
      }
      if (skipDepth > 0) return;

      const heading = HEADING.exec(name);
      if (heading) {
        endParagraph();
        capture = { kind: 'heading', level: Number(heading[1]), parts: [] };
        return;
      }
      if (name === 'p' && /\bdocument-title\b/.test(attributes.class ?? '') && result.styledTitle === undefined) {
        endParagraph();
        capture = { kind: 'styled-title', level: 0, parts: [] };
        return;
      }
      if (name === 'td' || name === 'th') {
        tables.openCell(parts);
        return;
      }
      if (name === 'tr' || name === 'table') {
        if (name === 'table') tables.openTable();
        else tables.endRow(parts);
        if (!tables.inCell) endParagraph();
        return;
      }
      if (BLOCKS.has(name)) {
        if (tables.inCell) parts.push(' ');
        else endParagraph();
        if (name === 'pre') preDepth++;
      }
    },
    text(text) {
      if (capture) {
        if (capture.kind === 'title' || skipDepth === 0) capture.parts.push(text);
      } else if (skipDepth === 0) parts.push(text);
    },
    close(name) {
      const skipped = skipStack.pop() ?? false;
      if (skipped) skipDepth--;
      if (name === 'head') headOpen = false;
      if (capture && isCaptureEnd(capture.kind, name)) {
        const text = singleLine(capture.parts.join(''));
        if (capture.kind === 'title') result.documentTitle = text || undefined;
        else if (capture.kind === 'styled-title') result.styledTitle = text || undefined;
        else if (text) {
          result.headingCount++;
          if (capture.level === 1 && result.firstH1 === undefined) result.firstH1 = text;
          builder.heading(capture.level, text);
        }
        capture = undefined;
        return;
      }
      if (skipped || skipDepth > 0) return;
      if (name === 'td' || name === 'th') {
        tables.closeCell(parts);
        return;
      }
      if (name === 'tr' || name === 'table') {
        if (name === 'table') tables.closeTable(parts);
        else tables.endRow(parts);
        if (!tables.inCell) endParagraph();
        return;
      }
      if (BLOCKS.has(name)) {
        if (tables.inCell) parts.push(' ');
        else endParagraph();
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
      }
    },
  });
  endParagraph();

  result.sections = builder.build();
  return result;
}

function preformatted(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+/, '')
    .trimEnd();
}

function isCaptureEnd(kind: 'title' | 'heading' | 'styled-title', name: string): boolean {
  if (kind === 'title') return name === 'title';
  if (kind === 'styled-title') return name === 'p';
  return HEADING.test(name);
}
