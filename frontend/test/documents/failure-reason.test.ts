import { describe, expect, test } from 'vitest';
import { failureReason } from '../../src/documents/failure-reason.js';
import { translate } from '../../src/i18n/i18n.js';
import type { Locale } from '../../src/i18n/messages.js';

const SOURCE = 'api-uploads/budget.xlsx';
const inLocale = (locale: Locale) => (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate(locale, key, values);

describe('failureReason', () => {
  test.each<[string, Locale, string | undefined, string | undefined, ReturnType<typeof failureReason>]>([
    [
      'a known code in English, with the server detail after the source',
      'en',
      'encrypted',
      `${SOURCE}: is password-protected; remove the password and upload it again`,
      {
        text: 'The file is password-protected. Remove the password and upload it again.',
        detail: 'is password-protected; remove the password and upload it again',
      },
    ],
    [
      'a known code in Spanish',
      'es',
      'too_large',
      `${SOURCE}: has 300 scanned pages; OCR reads at most 50 per document`,
      { text: 'El archivo supera un límite de tamaño o de páginas.', detail: 'has 300 scanned pages; OCR reads at most 50 per document' },
    ],
    ['a known code without server text', 'es', 'no_text_layer', undefined, { text: 'El PDF es un escaneo sin texto legible.' }],
    ['an unknown code falls back to the server text', 'es', 'something_new', `${SOURCE}: went wrong in a new way`, { text: 'went wrong in a new way' }],
    ['no code at all falls back to the server text', 'en', undefined, 'the worker stopped', { text: 'the worker stopped' }],
    ['neither code nor text says nothing', 'en', undefined, undefined, undefined],
  ])('%s', (_name, locale, code, serverText, expected) => {
    // act
    const reason = failureReason(code, serverText, SOURCE, inLocale(locale));

    // assess
    expect(reason).toEqual(expected);
  });

  test('every document error code has its own sentence in English and Spanish', () => {
    // prepare
    const codes = ['unsupported_type', 'encrypted', 'corrupt', 'empty', 'binary', 'invalid_encoding', 'too_large', 'no_text_layer', 'too_complex'];

    // act
    const sentences = (locale: Locale) => codes.map((code) => failureReason(code, undefined, SOURCE, inLocale(locale))!.text);

    // assess
    for (const locale of ['en', 'es'] as const) expect(new Set(sentences(locale)).size).toBe(codes.length);
    expect(sentences('es').filter((sentence, index) => sentence === sentences('en')[index])).toEqual([]);
  });
});
