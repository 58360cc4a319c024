export { I18nProvider, LOCALE_KEY, detectLocale, translate, useI18n, type I18n, type Translate } from './i18n.js';
export { LOCALES, MESSAGES, type Locale, type MessageKey, type Messages } from './messages.js';
