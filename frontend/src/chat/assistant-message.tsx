import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { Citation, Rating } from '../api/api-types.js';
import type { Translate } from '../i18n/i18n.js';
import { SafeMarkdown } from '../markdown/safe-markdown.js';
import { AlertIcon, CheckIcon, CopyIcon, RetryIcon } from '../ui/icons.js';
import { copyText } from '../ui/copy-text.js';
import { AnswerFeedback } from './answer-feedback.js';
import { CitationMarker } from './citation-marker.js';
import type { AssistantMessage as AssistantMessageData } from './conversation.js';
import { describeError } from './describe-error.js';
import { HandlingHint, handlingOf } from './handling-hint.js';
import { sourceLocation } from './source-location.js';

export interface AssistantMessageProps {
  message: AssistantMessageData;
  onOpenCitation(citation: Citation): void;
  onRetry(id: string): void;
  canRetry: boolean;
  /** Rates the answer; without it (or without the server's message id) no thumbs are shown. */
  onRate?: (id: string, rating: Rating, comment?: string) => Promise<void>;
  /** The collection of a cited document, when known. */
  collectionOf?: (documentId: string) => string | undefined;
  t: Translate;
}

export const AssistantMessage = memo(function AssistantMessage({ message, onOpenCitation, onRetry, canRetry, onRate, collectionOf, t }: AssistantMessageProps) {
  const [copied, setCopied] = useState(false);
  const copiedTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(copiedTimer.current), []);
  const renderCitation = useCallback(
    (n: number, key: string) => <CitationMarker key={key} n={n} citation={message.citations.find((c) => c.n === n)} onOpen={onOpenCitation} t={t} />,
    [message.citations, onOpenCitation, t],
  );
  const handling = handlingOf(message);
  const waiting = message.status === 'pending';
  const error = message.status === 'error' && message.error ? describeError(message.error, t) : undefined;

  const onCopy = async () => {
    try {
      await copyText(message.text);
      setCopied(true);
      clearTimeout(copiedTimer.current);
      copiedTimer.current = setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };

  return (
    <article className={`message message-assistant status-${message.status}`} data-status={message.status} lang={message.language}>
      <h2 className="sr-only">{t('assistant')}</h2>
      {handling && <HandlingHint handling={handling} t={t} />}
      {waiting && (
        <p className="thinking">
          <span className="dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {t('thinking')}
        </p>
      )}
      {message.text && (
        <div className="markdown">
          <SafeMarkdown text={message.text} renderCitation={renderCitation} />
        </div>
      )}
      {message.status === 'stopped' && <p className="message-note">{t('stopped')}</p>}
      {error && (
        <div className="message-error" role="alert">
          <AlertIcon />
          <div>
            <p>{error.lead}</p>
            {error.detail && <p className="message-error-detail">{t('errorDetail', { message: error.detail })}</p>}
          </div>
        </div>
      )}
      {message.citations.length > 0 && (
        <section className="sources" aria-label={t('sources')}>
          <h3 className="sources-title">{t('sources')}</h3>
          <ol className="sources-list">
            {message.citations.map((citation) => {
              const where = sourceLocation(citation, t);
              const collection = collectionOf?.(citation.documentId);
              return (
                <li key={citation.n}>
                  <button
                    type="button"
                    className="source-chip"
                    onClick={() => onOpenCitation(citation)}
                    aria-label={t('openSource', { n: citation.n, title: citation.title })}
                  >
                    <span className="source-number">{citation.n}</span>
                    <span className="source-chip-text">
                      <span className="source-chip-title">{citation.title || citation.source}</span>
                      {where && <span className="source-chip-where">{where}</span>}
                      {collection && <span className="source-chip-collection">{t('inCollection', { collection })}</span>}
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
        </section>
      )}
      {message.notFound && message.sources && message.sources.length > 0 && (
        <section className="sources closest-passages" aria-label={t('closestPassages')}>
          <h3 className="sources-title">{t('closestPassages')}</h3>
          <p className="message-note">{t('closestPassagesHint')}</p>
          <ol className="sources-list">
            {message.sources.map((source, index) => {
              // Numbered for the dialog only: the answer cites none of them.
              const passage: Citation = { ...source, n: index + 1 };
              const where = sourceLocation(passage, t);
              const collection = collectionOf?.(source.documentId);
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: a document can appear more than once and the list never reorders; the rank is its identity.
                <li key={`${source.documentId}-${index}`}>
                  <button
                    type="button"
                    className="source-chip"
                    onClick={() => onOpenCitation(passage)}
                    aria-label={t('openPassage', { n: passage.n, title: source.title || source.source })}
                  >
                    <span className="source-number">{passage.n}</span>
                    <span className="source-chip-text">
                      <span className="source-chip-title">{source.title || source.source}</span>
                      {where && <span className="source-chip-where">{where}</span>}
                      {collection && <span className="source-chip-collection">{t('inCollection', { collection })}</span>}
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
        </section>
      )}
      {(message.status === 'done' || message.status === 'stopped' || message.status === 'error') && (
        <div className="message-actions">
          {message.text && message.status !== 'error' && (
            <button type="button" className="ghost-button" onClick={onCopy} aria-label={copied ? t('copied') : t('copy')}>
              {copied ? <CheckIcon /> : <CopyIcon />}
              <span aria-live="polite">{copied ? t('copied') : t('copy')}</span>
            </button>
          )}
          {(message.status === 'error' || message.status === 'stopped') && canRetry && (
            <button type="button" className="ghost-button" onClick={() => onRetry(message.id)}>
              <RetryIcon />
              <span>{t('retry')}</span>
            </button>
          )}
          {message.status === 'done' && message.messageId && onRate && (
            // Keyed by the server's id: a retried answer starts unrated, with no comment box left open.
            <AnswerFeedback key={message.messageId} rating={message.rating} onRate={(rating, comment) => onRate(message.id, rating, comment)} t={t} />
          )}
        </div>
      )}
    </article>
  );
});
