import type { JobDocumentStatus, JobStatus } from '../api/api-types.js';
import type { MessageKey } from '../i18n/messages.js';
import type { Translate } from '../i18n/i18n.js';
import { CloseIcon } from '../ui/icons.js';
import { type DocumentStage, documentStage } from './document-stage.js';
import { type FailureReason, failureReason } from './failure-reason.js';
import type { TrackedJob } from './use-documents.js';

const JOB_STATUS: Record<JobStatus, MessageKey> = {
  queued: 'jobQueued',
  running: 'jobRunning',
  succeeded: 'jobSucceeded',
  partially_failed: 'jobPartiallyFailed',
  failed: 'jobFailed',
};

const DOCUMENT_STATUS: Record<JobDocumentStatus, MessageKey> = {
  pending: 'docPending',
  indexed: 'docIndexed',
  unchanged: 'docUnchanged',
  deleted: 'docDeleted',
  failed: 'docFailed',
};

export const fileName = (source: string) => source.split('/').pop() || source;

function stageLabel(stage: DocumentStage, t: Translate): string {
  if (stage.stage === 'received') return t('stageReceived');
  if (stage.stage === 'parsed') return t('stageParsed');
  if (stage.stage === 'chunked') return t('stageChunked', { chunks: stage.chunks });
  if (stage.stage === 'embedding') return t('stageEmbedding', { embedded: stage.embedded, chunks: stage.chunks });
  return t('stageEmbedded', { chunks: stage.chunks });
}

export function FailureText({ reason }: { reason: FailureReason | undefined }) {
  if (!reason) return null;
  return (
    <p className="job-file-error">
      {reason.text}
      {reason.detail && <span className="job-file-error-detail">{reason.detail}</span>}
    </p>
  );
}

/** One ingestion job: its status, progress, and each file's outcome with the reason when it failed. */
export function JobCard({ tracked, onDismiss, t }: { tracked: TrackedJob; onDismiss(id: string): void; t: Translate }) {
  const { job } = tracked;
  const status: JobStatus = job?.status ?? 'queued';
  const final = status === 'succeeded' || status === 'partially_failed' || status === 'failed';
  const files = job?.documents?.length
    ? job.documents
    : tracked.files.map((name) => ({ source: name, status: 'pending' as const, chunks: 0, errorCode: undefined, error: undefined }));
  const total = job?.progress?.total ?? files.length;
  const done = job?.progress?.done ?? files.filter((file) => file.status !== 'pending').length;
  // A document still in progress says which stage it reached instead of "Waiting".
  const pendingLabel = (file: { source: string; status: JobDocumentStatus }) => {
    const stage = file.status === 'pending' ? documentStage(job?.events, file.source) : undefined;
    return stage ? stageLabel(stage, t) : undefined;
  };
  const title = job?.origin === 'sample' ? t('jobSample') : files.map((file) => fileName(file.source)).join(', ');

  return (
    <li className={`job job-${status}`} data-job-status={status}>
      <div className="job-head">
        <span className={`pill pill-${status}`}>{t(JOB_STATUS[status])}</span>
        <span className="job-title" title={title}>
          {title}
        </span>
        {final && (
          <button type="button" className="icon-button small" onClick={() => onDismiss(tracked.id)} aria-label={`${t('dismiss')}: ${title}`}>
            <CloseIcon width={14} height={14} />
          </button>
        )}
      </div>
      {!final && (
        <div className="job-progress">
          <progress max={Math.max(1, total)} value={done} aria-label={t('jobProgress', { done, total })} />
          <span>{t('jobProgress', { done, total })}</span>
        </div>
      )}
      {files.length > 1 || status !== 'succeeded' ? (
        <ul className="job-files">
          {files.map((file) => (
            <li key={file.source} className={`job-file job-file-${file.status}`}>
              <span className="job-file-name">{fileName(file.source)}</span>
              <span className="job-file-status">{pendingLabel(file) ?? t(DOCUMENT_STATUS[file.status])}</span>
              {file.status === 'failed' && <FailureText reason={failureReason(file.errorCode, file.error, file.source, t)} />}
            </li>
          ))}
        </ul>
      ) : null}
      {tracked.refused && tracked.refused.length > 0 && (
        <ul className="job-files" aria-label={t('refusedFiles')}>
          {tracked.refused.map((file) => (
            <li key={file.name} className="job-file job-file-failed">
              <span className="job-file-name">{file.name}</span>
              <span className="job-file-status">{t('docRefused')}</span>
              <FailureText reason={failureReason(file.code, file.reason, file.name, t)} />
            </li>
          ))}
        </ul>
      )}
      {tracked.error && <p className="job-file-error">{tracked.error}</p>}
    </li>
  );
}
