import { ConfigError } from '#core/errors.js';
import { DEFAULT_OCR_SETTINGS, ocrSettingsFromEnv } from '#core/ocr/ocr-settings.js';

describe('ocrSettingsFromEnv', () => {
  test.each([
    [{}, DEFAULT_OCR_SETTINGS],
    [
      { RAG_OCR_MAX_PAGES: '300', RAG_OCR_TIMEOUT_MS: '5000' },
      { ...DEFAULT_OCR_SETTINGS, maxPages: 300, timeoutMs: 5000 },
    ],
    [
      { RAG_OCR_LANG: 'spa+eng', RAG_OCR_LANG_DIR: '/usr/share/tesseract-ocr/5/tessdata' },
      { ...DEFAULT_OCR_SETTINGS, language: 'spa+eng', langDir: '/usr/share/tesseract-ocr/5/tessdata' },
    ],
    [{ RAG_OCR_MAX_PAGES: ' ', RAG_OCR_LANG_DIR: '' }, DEFAULT_OCR_SETTINGS],
  ])('%j → %j', (env, expected) => {
    expect(ocrSettingsFromEnv(env)).toEqual(expected);
  });

  test.each([
    [{ RAG_OCR_MAX_PAGES: '0' }, /RAG_OCR_MAX_PAGES must be a positive integer, got "0"/],
    [{ RAG_OCR_TIMEOUT_MS: '1.5' }, /RAG_OCR_TIMEOUT_MS must be a positive integer/],
    [{ RAG_OCR_LANG: '../etc/passwd' }, /RAG_OCR_LANG must look like "eng" or "eng\+spa"/],
  ])('%j is refused', (env, message) => {
    expect(() => ocrSettingsFromEnv(env)).toThrow(ConfigError);
    expect(() => ocrSettingsFromEnv(env)).toThrow(message);
  });
});
