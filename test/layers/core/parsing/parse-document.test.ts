import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { DocumentError, type DocumentErrorReason } from '#core/errors.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, parseDocument, type ParseInput } from '#core/parsing/index.js';
import { buildDocx } from '../../../fixtures/docx-fixtures.js';
import { buildPasswordProtectedPdf, buildPdf, buildScannedPdf } from '../../../fixtures/pdf-fixtures.js';
import { sharedDataPath, testWithSharedData } from '../../../support/shared-data.js';
import { minimalDocxEntries, writeZip } from '../../../fixtures/zip-writer.js';

async function parseError(input: ParseInput, options?: { maxBytes?: number }): Promise<DocumentError> {
  try {
    await parseDocument(input, options);
  } catch (error) {
    return error as DocumentError;
  }
  throw new Error(`expected ${input.source} to fail`);
}

const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');

describe('parseDocument', () => {
  test.each([
    ['notes.txt', async () => text('Meeting notes\n\nWe agreed on three points.'), 'txt', 'Meeting notes', 5, { encoding: 'utf-8' }],
    ['guide.md', async () => text('# Setup\n\nRun **npm ci** first.'), 'md', 'Setup', 4, { encoding: 'utf-8' }],
    ['page.htm', async () => text('<title>Página</title><h1>Hola</h1><p>Un texto corto.</p>'), 'html', 'Página', 3, { encoding: 'utf-8' }],
    [
      'report.pdf',
      async () => buildPdf([{ lines: ['Two pages of report text.'] }, { lines: ['Second page.'] }], { title: 'Report' }),
      'pdf',
      'Report',
      7,
      { pages: 2 },
    ],
    ['letter.docx', async () => buildDocx([{ heading: 1, text: 'Dear reader' }, { paragraph: 'Thanks for reading.' }]), 'docx', 'Dear reader', 3, {}],
  ])('parses %s', async (source, load, format, title, wordCount, metadata) => {
    const document = await parseDocument({ source, bytes: await load() });

    expect(document.source).toBe(source);
    expect(document.format).toBe(format);
    expect(document.title).toBe(title);
    expect(document.sections.length).toBeGreaterThan(0);
    expect(document.metadata).toMatchObject({ ...metadata, wordCount });
  });

  test.each([
    ['the content type', 'text/plain'],
    ['the bytes', undefined],
  ])('reads a file with an unknown extension as text by %s', async (_, contentType) => {
    const bytes = text('kangaroo\n\n\nKangaroo\n\nA kangaroo is a marsupial from the family Macropodidae.\n');

    const document = await parseDocument({ source: 'a1.txt.clean', bytes, ...(contentType ? { contentType } : {}) });

    expect(document.format).toBe('txt');
    expect(document.title).toBe('kangaroo');
  });

  test('decodes a Windows-1252 text file', async () => {
    // "’" is 0x92 in Windows-1252 and a C1 control in Latin-1: only the Windows code page reads this file right.
    const bytes = Buffer.from('Amedeo Avogadro\n\nAvogadro\x92s law: he wrote in French, \u00ab de mani\u00e8re \u00bb.\n', 'latin1');

    const document = await parseDocument({ source: 'a8.txt', bytes });

    expect(document.metadata.encoding).toBe('windows-1252');
    expect(document.title).toBe('Amedeo Avogadro');
    expect(document.sections[0]!.text).toContain('Avogadro’s law');
    expect(document.sections[0]!.text).toContain('manière');
  });

  testWithSharedData('cmu-wikipedia-qa')('decodes a Windows-1252 text file from the evaluation corpus', async () => {
    const bytes = readFileSync(sharedDataPath('cmu-wikipedia-qa/S08/data/set4/a8.txt.clean'));

    const document = await parseDocument({ source: 'a8.txt', bytes });

    expect(document.metadata.encoding).toBe('windows-1252');
    expect(document.title).toBe('Amedeo Avogadro');
    expect(document.sections[0]!.text).toContain('manière');
  });

  test('parses HTML nested 100,000 levels deep', async () => {
    const html = `<h1>Deep</h1>${'<div>'.repeat(100_000)}bottom${'</div>'.repeat(100_000)}`;

    const document = await parseDocument({ source: 'deep.html', bytes: text(html) });

    expect(document.sections).toEqual([{ headingPath: ['Deep'], text: 'bottom' }]);
  });

  const blankPdf = async (): Promise<Uint8Array> => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    return pdf.save();
  };
  const deepDocx = async (): Promise<Uint8Array> => {
    const depth = 100_000;
    const xml =
      '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      '<w:sdt><w:sdtContent>'.repeat(depth) +
      '<w:p><w:r><w:t>deep</w:t></w:r></w:p>' +
      '</w:sdtContent></w:sdt>'.repeat(depth) +
      '</w:body></w:document>';
    return writeZip(minimalDocxEntries(xml));
  };

  test.each<[string, () => Promise<Uint8Array>, DocumentErrorReason, RegExp]>([
    // Known binaries are named by their content, whatever the extension says.
    ['anim.gif', async () => Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0080\u0000\u0000', 'latin1'), 'unsupported_type', /: GIF images are not supported/],
    ['photo.png', async () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'corrupt', /: is not a readable image/],
    [
      'object-key',
      async () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
      'unsupported_type',
      /: programs \(ELF executables\) are not supported/,
    ],
    [
      'junk.txt',
      async () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
      'unsupported_type',
      /: programs \(ELF executables\) are not supported/,
    ],
    [
      'object-key',
      async () => Buffer.from([0x00, 0x13, 0x37, 0x42, 0x02, 0x01, 0x01, 0x00]),
      'unsupported_type',
      /a file without extension is not a supported/,
    ],
    // Empty or whitespace-only, for every format.
    ['empty.txt', async () => new Uint8Array(0), 'empty', /is an empty file/],
    ['empty.pdf', async () => new Uint8Array(0), 'empty', /is an empty file/],
    ['empty.docx', async () => new Uint8Array(0), 'empty', /is an empty file/],
    ['blank.txt', async () => text(' \n\t\r\n  \n'), 'empty', /contains no text/],
    ['blank.md', async () => text('\n\n   \n'), 'empty', /contains no text/],
    ['blank.html', async () => text('<html><head><title>x</title></head><body> <div>  </div> </body></html>'), 'empty', /contains no text/],
    ['blank.pdf', blankPdf, 'empty', /has 1 page\(s\) but no text/],
    ['blank.docx', async () => buildDocx([]), 'empty', /contains no text/],
    // Broken files.
    ['junk.txt', async () => Buffer.from([0x00, 0x13, 0x37, 0x42, 0x02, 0x01, 0x01, 0x00]), 'binary', /NUL byte/],
    ['latin.md', async () => Buffer.from([0x68, 0xe9, 0x6c, 0x6c, 0x6f, 0xc3, 0xa9, 0xc3, 0xa9]), 'invalid_encoding', /offset 1\b/],
    ['locked.pdf', buildPasswordProtectedPdf, 'encrypted', /password/],
    ['scan.pdf', async () => buildScannedPdf(2), 'no_text_layer', /no text layer/],
    ['cut.pdf', async () => (await buildPdf([{ lines: ['First page.'] }, { lines: ['Second page.'] }])).subarray(0, 1000), 'corrupt', /not a readable PDF/],
    [
      'cut.docx',
      async () => (await buildDocx([{ paragraph: 'Above' }, { table: [['Top left', 'Top right']] }])).subarray(0, 2000),
      'corrupt',
      /not a readable Word document/,
    ],
    ['deep.docx', deepDocx, 'too_complex', /nested too deeply/],
  ])('rejects %s', async (source, load, reason, message) => {
    const error = await parseError({ source, bytes: await load() });

    expect(error).toBeInstanceOf(DocumentError);
    expect(error.reason).toBe(reason);
    expect(error.source).toBe(source);
    expect(error.message.startsWith(`${source}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  test('refuses input over maxBytes', async () => {
    const error = await parseError({ source: 'big.txt', bytes: text('0123456789ABCDEF') }, { maxBytes: 10 });

    expect(error.reason).toBe('too_large');
    expect(error.message).toBe('big.txt: is 16 bytes; the limit is 10 bytes');
  });

  test('the default size limit is 50 MiB', () => {
    expect(DEFAULT_MAX_DOCUMENT_BYTES).toBe(50 * 1024 * 1024);
  });
});
