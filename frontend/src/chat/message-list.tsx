import type { Citation, Rating } from '../api/api-types.js';
import type { Translate } from '../i18n/i18n.js';
import { AssistantMessage } from './assistant-message.js';
import type { ChatMessage } from './conversation.js';

export interface MessageListProps {
  messages: readonly ChatMessage[];
  busy: boolean;
  onOpenCitation(citation: Citation): void;
  onRetry(id: string): void;
  onRate?: (id: string, rating: Rating, comment?: string) => Promise<void>;
  collectionOf?: (documentId: string) => string | undefined;
  t: Translate;
}

/** The conversation as a live log: screen readers hear new messages as they arrive. */
export function MessageList({ messages, busy, onOpenCitation, onRetry, onRate, collectionOf, t }: MessageListProps) {
  return (
    <div className="message-list" role="log" aria-live="polite" aria-relevant="additions text" aria-label={t('conversationLabel')} aria-busy={busy}>
      {messages.map((message) =>
        message.role === 'user' ? (
          <div key={message.id} className="message message-user">
            <h2 className="sr-only">{t('you')}</h2>
            <p>{message.text}</p>
          </div>
        ) : (
          <AssistantMessage
            key={message.id}
            message={message}
            onOpenCitation={onOpenCitation}
            onRetry={onRetry}
            canRetry={!busy}
            onRate={onRate}
            collectionOf={collectionOf}
            t={t}
          />
        ),
      )}
    </div>
  );
}
