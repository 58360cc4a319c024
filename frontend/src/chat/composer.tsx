import { useLayoutEffect, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import type { Translate } from '../i18n/i18n.js';
import { SendIcon, StopIcon } from '../ui/icons.js';
import { MAX_MESSAGE_CHARS } from '#core/contract/limits.js';

export interface ComposerProps {
  busy: boolean;
  onSend(text: string): void;
  onStop(): void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  t: Translate;
}

const MAX_LENGTH = MAX_MESSAGE_CHARS;

/** The question box: Enter sends, Shift+Enter adds a line, and while an answer arrives the button stops it. */
export function Composer({ busy, onSend, onStop, inputRef, t }: ComposerProps) {
  const [text, setText] = useState('');

  // Grows with its content up to the CSS max-height (set through CSSOM, which the CSP allows).
  // biome-ignore lint/correctness/useExhaustiveDependencies: text is the trigger: the height is measured again after each edit.
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight}px`;
  }, [text, inputRef]);

  const submit = () => {
    if (busy || !text.trim()) return;
    onSend(text);
    setText('');
    inputRef.current?.focus();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="composer" onSubmit={onSubmit}>
      <label htmlFor="question" className="sr-only">
        {t('inputLabel')}
      </label>
      <div className="composer-box">
        <textarea
          id="question"
          ref={inputRef}
          rows={1}
          value={text}
          maxLength={MAX_LENGTH}
          placeholder={t('inputPlaceholder')}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby="question-hint"
          autoComplete="off"
          enterKeyHint="send"
        />
        {busy ? (
          <button
            type="button"
            className="composer-button stop"
            onClick={() => {
              onStop();
              inputRef.current?.focus();
            }}
            aria-label={t('stop')}
            title={t('stop')}
          >
            <StopIcon />
          </button>
        ) : (
          <button type="submit" className="composer-button" disabled={!text.trim()} aria-label={t('send')} title={t('send')}>
            <SendIcon />
          </button>
        )}
      </div>
      <p id="question-hint" className="composer-hint">
        {t('inputHint')}
      </p>
    </form>
  );
}
