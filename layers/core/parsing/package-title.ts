import type { OfficePackage } from './office-package.js';
import { singleLine } from './text-structure.js';
import { streamXml } from './xml-events.js';

/**
 * The Dublin Core title (`dc:title`) a package's metadata part holds: `docProps/core.xml` in
 * Office Open XML, `meta.xml` in OpenDocument. Undefined when the part or the title is missing.
 */
export function readPackageTitle(pkg: OfficePackage, metadataPart: string): string | undefined {
  const xml = pkg.text(metadataPart);
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
