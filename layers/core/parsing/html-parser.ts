import type { ParsedDocument } from './parsed-document.js';
import { walkHtmlStructure } from './html-structure.js';
import { titleFromSource } from './text-structure.js';

/** HTML: `<title>` or the first `<h1>` is the title; headings build the heading path. */
export function parseHtml(source: string, html: string): ParsedDocument {
  const structure = walkHtmlStructure(html);
  return {
    source,
    format: 'html',
    title: structure.documentTitle ?? structure.firstH1 ?? titleFromSource(source),
    sections: structure.sections,
    metadata: { headings: structure.headingCount },
  };
}
