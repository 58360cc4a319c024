import type { Citation } from '../api/api-types.js';
import type { Translate } from '../i18n/i18n.js';

const HEADING_SEPARATOR = ' › ';

/** The heading path inside the document, without the document title it usually starts with. */
export function sectionOf(citation: Pick<Citation, 'heading' | 'title'>): string | undefined {
  if (!citation.heading) return undefined;
  const parts = citation.heading.split(HEADING_SEPARATOR);
  const inner = parts[0] === citation.title ? parts.slice(1) : parts;
  return inner.length > 0 ? inner.join(HEADING_SEPARATOR) : undefined;
}

/** Where in the document a citation points: its section, its page, or both. */
export function sourceLocation(citation: Citation, t: Translate): string | undefined {
  const section = sectionOf(citation);
  const page = citation.page !== undefined ? t('page', { page: citation.page }) : undefined;
  if (section && page) return `${section} · ${page}`;
  return section ?? page;
}
