import { readFileSync } from 'node:fs';
import { DocumentError } from '#core/errors.js';
import { decodeText, decodeWindows1252, scanUtf8 } from '#core/parsing/text-decoding.js';
import { sharedDataPath, testWithSharedData } from '../../../support/shared-data.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

function decodeError(input: Uint8Array): DocumentError {
  try {
    decodeText('notes.txt', input);
  } catch (error) {
    return error as DocumentError;
  }
  throw new Error('expected a DocumentError');
}

describe('decodeText', () => {
  test.each([
    ['plain UTF-8', bytes('Hola, ¿qué tal? 日本語'), 'Hola, ¿qué tal? 日本語', 'utf-8'],
    ['UTF-8 with a BOM', bytes([0xef, 0xbb, 0xbf], 'año'), 'año', 'utf-8'],
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Niño ☃', 'utf16le')]), 'Niño ☃', 'utf-16le'],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Niño ☃', 'utf16le').swap16()]), 'Niño ☃', 'utf-16be'],
    ['Windows-1252 accents', bytes('caf', [0xe9], ' con le', [0xf1], 'a'), 'café con leña', 'windows-1252'],
    ['Windows-1252 punctuation in 0x80–0x9F', bytes([0x93], 'quoted', [0x94], ' costs ', [0x80], '5'), '“quoted” costs €5', 'windows-1252'],
    ['tabs, form feeds and CRLF', bytes('a\tb\r\n\fc'), 'a\tb\r\n\fc', 'utf-8'],
  ])('decodes %s', (_, input, expectedText, expectedEncoding) => {
    const decoded = decodeText('notes.txt', input);

    expect(decoded).toEqual({ text: expectedText, encoding: expectedEncoding });
  });

  testWithSharedData('cmu-wikipedia-qa')('decodes the Latin-1 article of the evaluation corpus as Windows-1252', () => {
    const input = readFileSync(sharedDataPath('cmu-wikipedia-qa/S08/data/set4/a8.txt.clean'));

    const decoded = decodeText('a8.txt', input);

    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toContain('manière');
  });

  test.each([
    ['a NUL byte', bytes('text', [0], 'more'), 'binary', /NUL byte at offset 4/],
    ['mostly control characters', bytes([1, 2, 3, 4, 5, 6, 7, 8], 'abcdefgh'), 'binary', /50% control characters/],
    ['NULs inside UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\u0000b', 'utf16le')]), 'binary', /NUL/],
    ['an odd-length UTF-16 body', bytes([0xff, 0xfe, 0x41, 0x00, 0x42]), 'invalid_encoding', /odd number of bytes/],
    // Three valid "é" and one stray byte: UTF-8 with damage, not Windows-1252.
    ['mostly valid UTF-8 with one bad byte', bytes('é é é ', [0xe9], ' x'), 'invalid_encoding', /offset 9\b/],
    ['a byte Windows-1252 leaves undefined', bytes('abc', [0x81], 'def'), 'invalid_encoding', /offset 3\b/],
    [
      'a non-Latin single-byte encoding (too many high bytes)',
      bytes([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2], ' ', [0xec, 0xe8, 0xf0]),
      'invalid_encoding',
      /offset 0\b/,
    ],
    ['a control character next to invalid UTF-8', bytes('ab', [0x1b], 'cd', [0xe9], 'efghijklmnopqrstuvwxyz'), 'invalid_encoding', /offset 5\b/],
  ])('rejects %s', (_, input, reason, message) => {
    const error = decodeError(input);

    expect(error).toBeInstanceOf(DocumentError);
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(/^notes\.txt: /);
    expect(error.message).toMatch(message);
  });
});

describe('scanUtf8', () => {
  test.each([
    ['ASCII', bytes('abc'), { firstInvalidOffset: -1, invalidSequences: 0, validMultiByteSequences: 0 }],
    ['two- to four-byte sequences', bytes('é€😀'), { firstInvalidOffset: -1, invalidSequences: 0, validMultiByteSequences: 3 }],
    ['an overlong encoding', bytes([0xc0, 0xaf]), { firstInvalidOffset: 0, invalidSequences: 2, validMultiByteSequences: 0 }],
    ['an encoded surrogate', bytes('a', [0xed, 0xa0, 0x80]), { firstInvalidOffset: 1, invalidSequences: 3, validMultiByteSequences: 0 }],
    ['a truncated sequence at the end', bytes('ab', [0xe2, 0x82]), { firstInvalidOffset: 2, invalidSequences: 2, validMultiByteSequences: 0 }],
  ])('scans %s', (_, input, expected) => {
    expect(scanUtf8(input)).toEqual(expected);
  });
});

test('decodeWindows1252 maps every defined byte', () => {
  const all = Uint8Array.from({ length: 256 }, (_, index) => index);

  const text = decodeWindows1252(all);

  expect(text).toHaveLength(256);
  expect(text[0x80]).toBe('€');
  expect(text[0x9f]).toBe('Ÿ');
  expect(text[0xe8]).toBe('è');
  expect(text[0x41]).toBe('A');
});
