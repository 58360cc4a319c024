import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { I18nProvider, LOCALE_KEY, detectLocale, translate, useI18n } from '../../src/i18n/i18n.js';
import { LanguageSwitch } from '../../src/ui/language-switch.js';

describe('detectLocale', () => {
  test.each([
    [['es-ES', 'en'], 'es'],
    [['es-419'], 'es'],
    [['en-GB', 'es'], 'en'],
    [['fr-FR', 'es-MX'], 'es'],
    [['de-DE'], 'en'],
    [[], 'en'],
  ] as const)('%j → %s', (languages, locale) => {
    expect(detectLocale(languages)).toBe(locale);
  });
});

test('placeholders are filled in', () => {
  expect(translate('es', 'chunkMany', { count: 12 })).toBe('12 fragmentos');
  expect(translate('en', 'openSource', { n: 2, title: 'Privacy' })).toBe('Open source 2: Privacy');
});

function Switchable() {
  const { locale, setLocale, t } = useI18n();
  return (
    <>
      <LanguageSwitch locale={locale} onChange={setLocale} label={t('language')} />
      <p>{t('emptyTitle')}</p>
    </>
  );
}

describe('the language switch', () => {
  test('changes every string, the page language, and is remembered', () => {
    render(
      <I18nProvider initialLocale="en">
        <Switchable />
      </I18nProvider>,
    );
    expect(screen.getByText('Ask your documents')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Español' }));

    expect(screen.getByText('Pregunta a tus documentos')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Español' }).getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.lang).toBe('es');
    expect(localStorage.getItem(LOCALE_KEY)).toBe('es');
  });

  test('a remembered choice wins over the browser language', () => {
    localStorage.setItem(LOCALE_KEY, 'es');

    render(
      <I18nProvider>
        <Switchable />
      </I18nProvider>,
    );

    expect(screen.getByRole('group', { name: 'Idioma' })).toBeTruthy();
  });
});
