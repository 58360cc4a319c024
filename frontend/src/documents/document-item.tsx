import { useEffect, useRef, useState } from 'react';
import type { StoredDocument } from '../api/api-types.js';
import type { Translate } from '../i18n/i18n.js';
import { DocumentsIcon, TrashIcon } from '../ui/icons.js';

export interface DocumentItemProps {
  document: StoredDocument;
  processing: boolean;
  onDelete(id: string): Promise<void>;
  /** False hides the delete button (the user does not edit the document's collection). @default true */
  deletable?: boolean;
  locale: string;
  t: Translate;
}

/** Deleting takes two presses of the same button, so a stray click or key press never removes a document. */
export function DocumentItem({ document, processing, onDelete, deletable = true, locale, t }: DocumentItemProps) {
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const title = document.title || document.source;
  const updated = document.updatedAt ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(document.updatedAt)) : undefined;

  const onClick = async () => {
    if (!confirming) {
      setConfirming(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setConfirming(false), 4000);
      return;
    }
    clearTimeout(timer.current);
    setDeleting(true);
    await onDelete(document.id);
    setDeleting(false);
    setConfirming(false);
  };

  return (
    <li className="document" data-source={document.source}>
      <DocumentsIcon className="document-icon" />
      <div className="document-text">
        <span className="document-title" title={title}>
          {title}
        </span>
        <span className="document-meta">
          <span className={`pill ${processing ? 'pill-running' : 'pill-succeeded'}`}>{processing ? t('jobRunning') : t('docIndexed')}</span>
          <span>{document.chunkCount === 1 ? t('chunkOne') : t('chunkMany', { count: document.chunkCount })}</span>
          {updated && <span>{t('updated', { date: updated })}</span>}
          {document.collection && (
            <span className="pill pill-collection" title={t('inCollection', { collection: document.collection })}>
              <span className="sr-only">{t('collection')}: </span>
              {document.collection}
            </span>
          )}
        </span>
        <span className="document-source" title={document.source}>
          {document.source}
        </span>
      </div>
      {deletable && (
        <button
          type="button"
          className={`icon-button danger${confirming ? ' confirming' : ''}`}
          onClick={onClick}
          disabled={deleting}
          aria-label={confirming ? `${t('confirmDelete')}: ${title}` : t('deleteDocument', { title })}
          title={confirming ? t('confirmDelete') : t('deleteDocument', { title })}
        >
          <TrashIcon width={16} height={16} />
          {confirming && <span className="confirm-text">{t('confirmDelete')}</span>}
        </button>
      )}
    </li>
  );
}
