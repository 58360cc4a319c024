import type { OfficePackage } from './office-package.js';
import { readPackageTitle } from './package-title.js';

/** The title from meta.xml (File › Properties), when one was set. */
export function readOdfTitle(pkg: OfficePackage): string | undefined {
  return readPackageTitle(pkg, 'meta.xml');
}

/** Text a run element stands for inside an ODF paragraph: spaces, tabs, line breaks. */
export function odfInlineText(name: string, attributes: Record<string, string>): string | undefined {
  if (name === 'text:s') return ' '.repeat(Math.min(100, Number(attributes['text:c'] ?? 1) || 1));
  if (name === 'text:tab') return '\t';
  if (name === 'text:line-break') return '\n';
  return undefined;
}
