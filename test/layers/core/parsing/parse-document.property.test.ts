import fc from 'fast-check';
import { DOCUMENT_ERROR_CODES } from '#core/contract/error-codes.js';
import { DocumentError, type DocumentErrorReason } from '#core/errors.js';
import { parseDocument } from '#core/parsing/index.js';
import type { ParsedDocument } from '#core/parsing/parsed-document.js';
import { buildDocx } from '../../../fixtures/docx-fixtures.js';
import { buildPdf } from '../../../fixtures/pdf-fixtures.js';

const EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx', '.bin', ''] as const;
const REASONS: readonly DocumentErrorReason[] = DOCUMENT_ERROR_CODES;

/** Parses and returns the document or the DocumentError; anything else thrown fails the property. */
async function parseOrDocumentError(source: string, bytes: Uint8Array): Promise<ParsedDocument | DocumentError> {
  try {
    return await parseDocument({ source, bytes });
  } catch (error) {
    if (!(error instanceof DocumentError)) throw new Error(`${source} threw a raw ${(error as Error)?.name}: ${String(error)}`);
    expect(REASONS).toContain(error.reason);
    expect(error.message.startsWith(`${source}: `)).toBe(true);
    return error;
  }
}

/** Damage as transfers and disks cause it: truncation, flipped bytes, a spliced run of junk. */
function damaged(original: Uint8Array): fc.Arbitrary<Uint8Array> {
  const truncated = fc.integer({ min: 0, max: original.length - 1 }).map((end) => original.slice(0, end));
  const flipped = fc
    .array(fc.tuple(fc.integer({ min: 0, max: original.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 })
    .map((flips) => {
      const copy = original.slice();
      for (const [offset, value] of flips) copy[offset] = value;
      return copy;
    });
  const spliced = fc
    .tuple(fc.integer({ min: 0, max: original.length }), fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.integer({ min: 0, max: 64 }))
    .map(([at, junk, removed]) => Uint8Array.from([...original.subarray(0, at), ...junk, ...original.subarray(Math.min(original.length, at + removed))]));
  return fc.oneof(truncated, flipped, spliced);
}

/** Words without markup characters, so Markdown and HTML keep them as text. */
const plainWord = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
  fc.constantFrom('niño', 'Información', 'Ämter', 'привет', '東京都', 'العربية', 'ελληνικά', 'naïve', '2024', 'Straße'),
);
const plainSeparator = fc.constantFrom(' ', ' ', '  ', '\t', '\n', '\n\n', '\r\n', ', ');
const plainText = fc
  .array(fc.tuple(plainWord, plainSeparator), { minLength: 1, maxLength: 60 })
  .map((pairs) => pairs.map(([word, separator]) => `${word}${separator}`).join(''));
/** Any Unicode text without C0 controls (a text file, not a binary one). */
const anyUnicodeText = fc.string({ unit: 'grapheme', maxLength: 200 }).map((text) => text.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, ''));

const wordsOf = (text: string): string[] => text.match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
const textOf = (document: ParsedDocument): string => [document.title, ...document.sections.map((section) => section.text)].join('\n');

describe('parseDocument (properties)', () => {
  let pdf: Uint8Array;
  let docx: Uint8Array;

  beforeAll(async () => {
    pdf = await buildPdf([{ lines: ['Expense policy', '', 'Meals are reimbursed up to 45 euros per day.'] }, { lines: ['Taxis need a receipt.'] }], {
      title: 'Expenses',
    });
    docx = new Uint8Array(await buildDocx([{ heading: 1, text: 'Vacaciones' }, { paragraph: 'Cada empleado tiene veintidós días.' }, { table: [['a', 'b']] }]));
  });

  test.each(EXTENSIONS.map((extension) => [extension || '(none)', extension]))(
    'arbitrary bytes named %s give a document or a DocumentError, never a raw error',
    async (_, extension) => {
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 2048 }),
        fc.uint8Array({ maxLength: 512 }).map((tail) => Uint8Array.from([...Buffer.from('%PDF-1.7\n'), ...tail])),
        fc.uint8Array({ maxLength: 512 }).map((tail) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...tail])),
        fc.uint8Array({ maxLength: 512 }).map((tail) => Uint8Array.from([0xff, 0xfe, ...tail])),
      );
      await fc.assert(
        fc.asyncProperty(bytes, async (content) => {
          await parseOrDocumentError(`input${extension}`, content);
        }),
        { numRuns: 40 },
      );
    },
  );

  test('damaged PDFs give a document or a DocumentError, never a raw error', async () => {
    await fc.assert(
      fc.asyncProperty(damaged(pdf), async (content) => {
        await parseOrDocumentError('policy.pdf', content);
      }),
      { numRuns: 60 },
    );
  });

  test('damaged DOCX files give a document or a DocumentError, never a raw error', async () => {
    await fc.assert(
      fc.asyncProperty(damaged(docx), async (content) => {
        await parseOrDocumentError('vacaciones.docx', content);
      }),
      { numRuns: 60 },
    );
  });

  test.each(['.txt', '.md', '.html'])('valid UTF-8 prose named %s keeps every word, or is a DocumentError(empty)', async (extension) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(plainText, fc.constantFrom('', ' ', '\n\n', '\t \r\n')), async (text) => {
        const result = await parseOrDocumentError(`notes${extension}`, new TextEncoder().encode(text));

        if (result instanceof DocumentError) {
          expect(result.reason).toBe('empty');
          expect(wordsOf(text)).toEqual([]);
          return;
        }
        const parsed = textOf(result);
        for (const word of wordsOf(text)) expect(parsed).toContain(word);
      }),
      { numRuns: 150 },
    );
  });

  test('any valid UTF-8 text named .txt keeps every word (title or sections), or is a DocumentError(empty)', async () => {
    await fc.assert(
      fc.asyncProperty(anyUnicodeText, async (text) => {
        const result = await parseOrDocumentError('notes.txt', new TextEncoder().encode(text));

        if (result instanceof DocumentError) {
          expect(result.reason).toBe('empty');
          return;
        }
        const parsed = textOf(result);
        for (const word of wordsOf(text.replace(/^\ufeff/, ''))) expect(parsed).toContain(word);
      }),
      { numRuns: 150 },
    );
  });

  test('any valid UTF-8 text named .md or .html gives a document or a DocumentError(empty), never a raw error', async () => {
    await fc.assert(
      fc.asyncProperty(anyUnicodeText, fc.constantFrom('.md', '.html'), async (text, extension) => {
        const result = await parseOrDocumentError(`page${extension}`, new TextEncoder().encode(text));
        if (result instanceof DocumentError) expect(result.reason).toBe('empty');
        else for (const section of result.sections) expect(section.text.trim()).not.toBe('');
      }),
      { numRuns: 150 },
    );
  });
});
