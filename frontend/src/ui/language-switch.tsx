import type { Locale } from '../i18n/messages.js';

const NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };

export function LanguageSwitch({ locale, onChange, label }: { locale: Locale; onChange(locale: Locale): void; label: string }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would need a legend and brings its own box; role="group" gives the same semantics to the toolbar-styled div.
    <div className="lang-switch" role="group" aria-label={label}>
      {(Object.keys(NAMES) as Locale[]).map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={locale === option}
          aria-label={NAMES[option]}
          title={NAMES[option]}
          onClick={() => onChange(option)}
        >
          {option.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
