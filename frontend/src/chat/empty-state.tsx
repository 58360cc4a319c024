import type { Translate } from '../i18n/i18n.js';
import { LogoMark } from '../ui/icons.js';

export function EmptyState({ onAsk, t }: { onAsk(question: string): void; t: Translate }) {
  const suggestions = [t('suggestion1'), t('suggestion2'), t('suggestion3')];
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <LogoMark width={44} height={44} />
      <h2 id="empty-title">{t('emptyTitle')}</h2>
      <p>{t('emptyBody')}</p>
      <h3 className="sr-only">{t('suggestionsLabel')}</h3>
      <ul className="suggestions" aria-label={t('suggestionsLabel')}>
        {suggestions.map((question) => (
          <li key={question}>
            <button type="button" className="suggestion" onClick={() => onAsk(question)}>
              {question}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
