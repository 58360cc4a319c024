import type { OfficePackage } from './office-package.js';
import { singleLine } from './text-structure.js';
import { streamXml } from './xml-events.js';

/** The title from meta.xml (File › Properties), when one was set. */
export function readOdfTitle(pkg: OfficePackage): string | undefined {
  const xml = pkg.text('meta.xml');
  if (!xml) return undefined;
  let title = '';
  let inTitle = false;
  streamXml(xml, {
    open(name) {
      if (name === 'dc:title') inTitle = true;
    },
    close(name) {
      if (name === 'dc:title') inTitle = false;
    },
    text(text) {
      if (inTitle) title += text;
    },
  });
  return singleLine(title) || undefined;
}

/** Text a run element stands for inside an ODF paragraph: spaces, tabs, line breaks. */
export function odfInlineText(name: string, attributes: Record<string, string>): string | undefined {
  if (name === 'text:s') return ' '.repeat(Math.min(100, Number(attributes['text:c'] ?? 1) || 1));
  if (name === 'text:tab') return '\t';
  if (name === 'text:line-break') return '\n';
  return undefined;
}
