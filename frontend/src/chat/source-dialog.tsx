import { useState } from 'react';
import type { Citation } from '../api/api-types.js';
import type { Translate } from '../i18n/i18n.js';
import { Dialog } from '../ui/dialog.js';
import { sectionOf } from './source-location.js';

export interface SourceDialogProps {
  citation: Citation;
  /** The collection of the cited document, when known. */
  collection?: string;
  onClose(): void;
  t: Translate;
}

/** One cited source: the document, where in it, and the passage itself (as text, never markup). */
export function SourceDialog({ citation, collection, onClose, t }: SourceDialogProps) {
  const section = sectionOf(citation);
  const score = Math.round(Math.max(0, Math.min(1, citation.score)) * 100);
  const [expanded, setExpanded] = useState(false);
  // Offer the whole passage only when the excerpt is a cut of it.
  const passage = citation.passage?.trim();
  const expandable = passage !== undefined && passage !== '' && passage.replace(/\s+/g, ' ') !== citation.excerpt.trim();
  return (
    <Dialog
      title={
        <>
          <span className="source-number">{citation.n}</span>
          <span>{citation.title || citation.source}</span>
        </>
      }
      onClose={onClose}
      closeLabel={t('close')}
      className="source-dialog"
    >
      <p className="source-kicker">{t('sourceTitle', { n: citation.n })}</p>
      <dl className="source-facts">
        {citation.page !== undefined && (
          <div>
            <dt>{t('pageLabel')}</dt>
            <dd>{citation.page}</dd>
          </div>
        )}
        {section && (
          <div>
            <dt>{t('section')}</dt>
            <dd>{section}</dd>
          </div>
        )}
        <div>
          <dt>{t('file')}</dt>
          <dd className="source-path">{citation.source}</dd>
        </div>
        {collection && (
          <div>
            <dt>{t('collection')}</dt>
            <dd>{collection}</dd>
          </div>
        )}
      </dl>
      <h3 className="source-excerpt-title">{t('excerpt')}</h3>
      <blockquote className="source-excerpt" id={`source-passage-${citation.n}`}>
        {expanded && expandable ? passage : citation.excerpt}
      </blockquote>
      {expandable && (
        <button
          type="button"
          className="link-button source-expand"
          aria-expanded={expanded}
          aria-controls={`source-passage-${citation.n}`}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? t('showExcerpt') : t('showPassage')}
        </button>
      )}
      <div className="source-score">
        <span>{t('relevance', { score })}</span>
        <meter min={0} max={100} value={score} aria-label={t('relevance', { score })} />
      </div>
    </Dialog>
  );
}
