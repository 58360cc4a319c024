import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { Rating } from '../api/api-types.js';
import type { Translate } from '../i18n/i18n.js';
import { ThumbDownIcon, ThumbUpIcon } from '../ui/icons.js';

/** The longest comment the server keeps (MAX_FEEDBACK_COMMENT_CHARS in the feedback contract). */
const MAX_COMMENT = 2000;

export interface AnswerFeedbackProps {
  /** The rating the server holds for this answer, if any. */
  rating: Rating | undefined;
  onRate(rating: Rating, comment?: string): Promise<void>;
  t: Translate;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Thumbs up or down on one answer. A thumbs-down is kept at once and then invites an optional comment,
 * so skipping the comment still counts; sending one replaces the rating with the commented one.
 */
export function AnswerFeedback({ rating, onRate, t }: AnswerFeedbackProps) {
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [thanked, setThanked] = useState(false);
  const commentId = useId();
  const commentBox = useRef<HTMLTextAreaElement>(null);
  // Keyboard and screen-reader users land in the comment box the thumbs-down just opened.
  useEffect(() => {
    if (commenting) commentBox.current?.focus();
  }, [commenting]);

  const send = async (next: Rating, text?: string): Promise<boolean> => {
    setSending(true);
    setError(undefined);
    try {
      await onRate(next, text);
      return true;
    } catch (failure) {
      setError(reason(failure));
      return false;
    } finally {
      setSending(false);
    }
  };

  const choose = async (next: Rating) => {
    // The buttons stay enabled while a rating is on its way (disabling them would drop keyboard focus), so repeats wait.
    if (sending) return;
    setThanked(false);
    const ok = await send(next);
    setCommenting(ok && next === 'down');
    if (ok && next === 'up') setThanked(true);
  };

  const submitComment = async (event: FormEvent) => {
    event.preventDefault();
    const text = comment.trim();
    if (!text) {
      setCommenting(false);
      return;
    }
    if (await send('down', text)) {
      setCommenting(false);
      setComment('');
      setThanked(true);
    }
  };

  return (
    <div className="answer-feedback">
      <fieldset className="feedback-buttons" aria-busy={sending}>
        <legend className="sr-only">{t('feedbackLegend')}</legend>
        <button
          type="button"
          className="ghost-button icon-only"
          aria-pressed={rating === 'up'}
          aria-label={t('thumbsUp')}
          title={t('thumbsUp')}
          onClick={() => void choose('up')}
        >
          <ThumbUpIcon />
        </button>
        <button
          type="button"
          className="ghost-button icon-only"
          aria-pressed={rating === 'down'}
          aria-label={t('thumbsDown')}
          title={t('thumbsDown')}
          onClick={() => void choose('down')}
        >
          <ThumbDownIcon />
        </button>
      </fieldset>
      <span className="feedback-status" aria-live="polite">
        {thanked && !commenting ? t('feedbackThanks') : ''}
      </span>
      {commenting && (
        <form className="feedback-comment" onSubmit={(event) => void submitComment(event)}>
          <label htmlFor={commentId}>{t('feedbackCommentLabel')}</label>
          <textarea ref={commentBox} id={commentId} value={comment} onChange={(event) => setComment(event.target.value)} maxLength={MAX_COMMENT} rows={2} />
          <div className="feedback-comment-actions">
            <button type="submit" className="primary-button" disabled={sending}>
              {t('feedbackSend')}
            </button>
            <button type="button" className="ghost-button" onClick={() => setCommenting(false)}>
              {t('feedbackSkip')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="feedback-error" role="alert">
          {t('feedbackFailed', { message: error })}
        </p>
      )}
    </div>
  );
}
