import { DocumentError } from '../errors.js';
import { walkHtmlStructure } from './html-structure.js';
import { openOfficePackage, resolvePartPath } from './office-package.js';
import type { ParsedDocument, ParsedSection } from './parsed-document.js';
import { singleLine, titleFromSource } from './text-structure.js';
import { streamXml } from './xml-events.js';

/**
 * EPUB: the chapters of the spine, in reading order, each read as XHTML with the HTML walker.
 * A chapter's headings give its heading path; text before its first heading is filed under the
 * chapter's own title (or "Chapter n"), so every section names its chapter.
 */
export function parseEpub(source: string, bytes: Uint8Array): ParsedDocument {
  const pkg = openOfficePackage(source, bytes, 'e-book');
  const container = pkg.text('META-INF/container.xml');
  let packagePath: string | undefined;
  if (container) {
    streamXml(container, {
      open(name, attributes) {
        if (name.endsWith('rootfile') && !packagePath && attributes['full-path']) packagePath = attributes['full-path'];
      },
      close() {},
      text() {},
    });
  }
  const opf = packagePath ? pkg.text(packagePath) : undefined;
  if (!packagePath || opf === undefined) throw new DocumentError(source, 'corrupt', 'is not a readable e-book: it has no package document');

  const manifest = new Map<string, { href: string; mediaType: string }>();
  const spine: string[] = [];
  let bookTitle = '';
  let inTitle = false;
  streamXml(opf, {
    open(name, attributes) {
      const local = name.slice(name.indexOf(':') + 1);
      if (local === 'item' && attributes.id && attributes.href)
        manifest.set(attributes.id, { href: attributes.href, mediaType: attributes['media-type'] ?? '' });
      else if (local === 'itemref' && attributes.idref && attributes.linear !== 'no') spine.push(attributes.idref);
      else if (name === 'dc:title' && !bookTitle) inTitle = true;
    },
    close(name) {
      if (name === 'dc:title') inTitle = false;
    },
    text(text) {
      if (inTitle) bookTitle += text;
    },
  });

  const sections: ParsedSection[] = [];
  let chapters = 0;
  for (const id of spine) {
    const item = manifest.get(id);
    if (!item || !/html|xml/.test(item.mediaType)) continue;
    const html = pkg.text(resolvePartPath(packagePath, decodeURIComponent(item.href.split('#')[0]!)));
    if (html === undefined) continue;
    const structure = walkHtmlStructure(html);
    if (structure.sections.length === 0) continue;
    chapters += 1;
    const chapterTitle =
      structure.documentTitle && singleLine(structure.documentTitle) !== singleLine(bookTitle) ? structure.documentTitle : `Chapter ${chapters}`;
    for (const section of structure.sections) {
      sections.push({ ...section, headingPath: section.headingPath.length > 0 ? section.headingPath : [chapterTitle] });
    }
  }
  return {
    source,
    format: 'epub',
    title: singleLine(bookTitle) || titleFromSource(source),
    sections,
    metadata: { chapters },
  };
}
