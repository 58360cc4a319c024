import type { ReactNode } from 'react';
import type { Translate } from '../i18n/i18n.js';
import { BookIcon, ChatIcon, CompassIcon, QuoteIcon, SearchOffIcon } from '../ui/icons.js';
import type { AssistantMessage } from './conversation.js';

export type Handling = 'generated' | 'extractive' | 'smalltalk' | 'off_topic' | 'not_found';

/** How the server handled a turn, from the intent and answer mode it reported. */
export function handlingOf(message: Pick<AssistantMessage, 'intent' | 'answerMode' | 'notFound'>): Handling | undefined {
  if (!message.intent) return undefined;
  if (message.intent === 'greeting' || message.intent === 'smalltalk') return 'smalltalk';
  if (message.intent === 'off_topic') return 'off_topic';
  if (message.notFound) return 'not_found';
  if (message.answerMode === 'extractive') return 'extractive';
  return 'generated';
}

const ICONS: Record<Handling, ReactNode> = {
  generated: <BookIcon />,
  extractive: <QuoteIcon />,
  smalltalk: <ChatIcon />,
  off_topic: <CompassIcon />,
  not_found: <SearchOffIcon />,
};

export function HandlingHint({ handling, t }: { handling: Handling; t: Translate }) {
  const label = {
    generated: t('hintGenerated'),
    extractive: t('hintExtractive'),
    smalltalk: t('hintSmalltalk'),
    off_topic: t('hintOffTopic'),
    not_found: t('hintNotFound'),
  }[handling];
  return (
    <div className="hint-row">
      <span className={`hint hint-${handling}`} data-handling={handling}>
        {ICONS[handling]}
        <span>{label}</span>
      </span>
      {handling === 'extractive' && <span className="hint-detail">{t('hintExtractiveDetail')}</span>}
    </div>
  );
}
