import { useState } from 'react';
import { type Access, UNKNOWN_ACCESS, canDelete, canUpload } from '../access/access.js';
import { DEFAULT_COLLECTION } from '../access/default-collection.js';
import type { Translate } from '../i18n/i18n.js';
import { RefreshIcon } from '../ui/icons.js';
import { DocumentItem } from './document-item.js';
import { DropZone } from './drop-zone.js';
import { failureReason } from './failure-reason.js';
import { JobCard } from './job-card.js';
import type { Documents, UploadError } from './use-documents.js';

export interface DocumentsPanelProps {
  library: Documents;
  /** What the user may do; unknown access hides nothing (the server enforces regardless). */
  access?: Access;
  locale: string;
  t: Translate;
}

/** Upload, follow ingestion, and manage the library. */
export function DocumentsPanel({ library, access = UNKNOWN_ACCESS, locale, t }: DocumentsPanelProps) {
  const { documents, jobs } = library;
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  // The chosen collection while it is still editable, else `default` when editable, else the first.
  const target = access.known
    ? chosen !== undefined && access.editable.includes(chosen)
      ? chosen
      : access.editable.includes(DEFAULT_COLLECTION)
        ? DEFAULT_COLLECTION
        : access.editable[0]
    : undefined;
  const processingSources = new Set(
    jobs.flatMap((tracked) =>
      tracked.job && ['succeeded', 'partially_failed', 'failed'].includes(tracked.job.status) ? [] : (tracked.job?.documents ?? []).map((d) => d.source),
    ),
  );

  return (
    <div className="documents-content">
      {canUpload(access) ? (
        <>
          {access.editable.length > 1 && (
            <label className="upload-target">
              <span>{t('uploadTo')}</span>
              <select value={target} onChange={(event) => setChosen(event.target.value)}>
                {access.editable.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <DropZone onFiles={(files) => void library.upload(files, target)} uploading={library.uploading} t={t} />
        </>
      ) : (
        <p className="muted read-only-note">{t('readOnlyLibrary')}</p>
      )}
      {library.uploadError && <UploadFailure error={library.uploadError} t={t} />}

      {jobs.length > 0 && (
        <section className="panel-section" aria-labelledby="uploads-title">
          <h3 id="uploads-title" className="panel-section-title">
            {t('uploadsTitle')}
          </h3>
          <ul className="jobs" aria-live="polite">
            {jobs.map((tracked) => (
              <JobCard key={tracked.id} tracked={tracked} onDismiss={library.dismissJob} t={t} />
            ))}
          </ul>
        </section>
      )}

      <section className="panel-section" aria-labelledby="library-title">
        <div className="panel-section-head">
          <h3 id="library-title" className="panel-section-title">
            {t('libraryTitle')}
            {documents && <span className="count">{documents.length}</span>}
          </h3>
          <button type="button" className="icon-button small" onClick={() => void library.refresh()} aria-label={t('refresh')} title={t('refresh')}>
            <RefreshIcon width={15} height={15} />
          </button>
        </div>
        {library.loadError && (
          <p className="panel-error" role="alert">
            {t('libraryFailed')} {library.loadError}
          </p>
        )}
        {library.deleteError && (
          <p className="panel-error" role="alert">
            {t('deleteFailed')} {library.deleteError}
          </p>
        )}
        {documents === undefined && !library.loadError && <p className="muted">{t('loading')}</p>}
        {documents?.length === 0 && <p className="muted">{t('libraryEmpty')}</p>}
        {documents && documents.length > 0 && (
          <ul className="document-list" aria-labelledby="library-title">
            {documents.map((document) => (
              <DocumentItem
                key={document.id}
                document={document}
                processing={processingSources.has(document.source)}
                onDelete={library.remove}
                // An e-mail's attachment goes with its e-mail (the server answers 409 to deleting it alone).
                deletable={canDelete(access, document.collection) && typeof document.metadata?.attachedTo !== 'string'}
                locale={locale}
                t={t}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** An upload refused whole, in the reader's language when its code is known, with the server's text under it. */
function UploadFailure({ error, t }: { error: UploadError; t: Translate }) {
  const reason = failureReason(error.code, error.message, '', t);
  return (
    <p className="panel-error" role="alert">
      {t('uploadFailed')} {reason?.text ?? error.message}
      {reason?.detail && <span className="job-file-error-detail">{reason.detail}</span>}
    </p>
  );
}
