import { type ReactNode, type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Citation } from '../api/api-types.js';
import type { Translate } from '../i18n/i18n.js';
import { Composer } from './composer.js';
import { EmptyState } from './empty-state.js';
import { MessageList } from './message-list.js';
import { SourceDialog } from './source-dialog.js';
import type { Chat } from './use-chat.js';

export interface ChatViewProps {
  chat: Chat;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** Shown above the question box: the scope picker, when the user has collections to choose from. */
  scope?: ReactNode;
  /** The collection of a cited document, when known, shown with each source. */
  collectionOf?: (documentId: string) => string | undefined;
  t: Translate;
}

/** How close to the bottom (px) still counts as "following along" while an answer streams in. */
const FOLLOW_THRESHOLD = 120;

export function ChatView({ chat, inputRef, scope, collectionOf, t }: ChatViewProps) {
  const { conversation, busy } = chat;
  const [openCitation, setOpenCitation] = useState<Citation | undefined>(undefined);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const count = conversation.messages.length;
  const last = conversation.messages[count - 1];

  const onScroll = () => {
    const el = scroller.current;
    if (el) following.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_THRESHOLD;
  };

  // A new turn always scrolls into view; streamed text only while the reader is at the bottom.
  // biome-ignore lint/correctness/useExhaustiveDependencies: count is the trigger: each new turn resumes following.
  useLayoutEffect(() => {
    following.current = true;
  }, [count]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the listed values are the triggers: scroll when a turn is added or streamed text grows.
  useEffect(() => {
    const el = scroller.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [count, last?.text, last?.role === 'assistant' ? last.status : undefined]);

  const send = useCallback(
    (question: string) => {
      chat.send(question);
      inputRef.current?.focus();
    },
    [chat, inputRef],
  );

  return (
    <main className="chat" id="main">
      <div className="chat-scroll" ref={scroller} onScroll={onScroll}>
        <div className="chat-column">
          {count === 0 ? <EmptyState onAsk={send} t={t} /> : null}
          <MessageList
            messages={conversation.messages}
            busy={busy}
            onOpenCitation={setOpenCitation}
            onRetry={chat.retry}
            onRate={chat.rate}
            collectionOf={collectionOf}
            t={t}
          />
        </div>
      </div>
      <div className="chat-composer">
        <div className="chat-column">
          {scope}
          <Composer busy={busy} onSend={send} onStop={chat.stop} inputRef={inputRef} t={t} />
        </div>
      </div>
      {openCitation && (
        <SourceDialog citation={openCitation} collection={collectionOf?.(openCitation.documentId)} onClose={() => setOpenCitation(undefined)} t={t} />
      )}
    </main>
  );
}
