import type { Citation } from '../api/api-types.js';
import type { Translate } from '../i18n/i18n.js';

export interface CitationMarkerProps {
  n: number;
  citation: Citation | undefined;
  onOpen(citation: Citation): void;
  t: Translate;
}

/** An inline `[n]`: a button that opens its source; plain text when the answer names a source it did not return. */
export function CitationMarker({ n, citation, onOpen, t }: CitationMarkerProps) {
  if (!citation) return <span className="cite cite-unknown">[{n}]</span>;
  return (
    <button type="button" className="cite" onClick={() => onOpen(citation)} aria-label={t('openSource', { n, title: citation.title })} title={citation.title}>
      {n}
    </button>
  );
}
