import { readFileSync } from 'node:fs';
import { DocumentError } from '#core/errors.js';
import { docxExpansionLimit, parseDocx } from '#core/parsing/docx-parser.js';
import { buildDocx } from '../../../fixtures/docx-fixtures.js';
import { sharedDataPath, testWithSharedData } from '../../../support/shared-data.js';
import { deflatedZeros, minimalDocxEntries, wordDocumentXml, writeZip } from '../../../fixtures/zip-writer.js';

const MiB = 1024 * 1024;
const withRealDocx = testWithSharedData('ingestion-fixtures/docx');

async function docxError(bytes: Uint8Array, source = 'report.docx'): Promise<DocumentError> {
  try {
    await parseDocx(source, bytes);
  } catch (error) {
    return error as DocumentError;
  }
  throw new Error('expected a DocumentError');
}

describe('parseDocx', () => {
  test('headings build the heading path; the Title paragraph is the title', async () => {
    const bytes = await buildDocx([
      { heading: 'title', text: 'Informe anual' },
      { paragraph: 'Resumen del año.' },
      { heading: 1, text: 'Introducción' },
      { paragraph: 'Primer párrafo.' },
      { paragraph: 'Segundo párrafo.' },
      { heading: 2, text: 'Antecedentes' },
      { paragraph: 'Contexto.' },
      { heading: 1, text: 'Resultados' },
      {
        table: [
          ['Región', 'Ventas'],
          ['Norte', '10'],
        ],
      },
    ]);

    const document = await parseDocx('informe.docx', bytes);

    expect(document.format).toBe('docx');
    expect(document.title).toBe('Informe anual');
    expect(document.sections).toEqual([
      { headingPath: [], text: 'Resumen del año.' },
      { headingPath: ['Introducción'], text: 'Primer párrafo.\n\nSegundo párrafo.' },
      { headingPath: ['Introducción', 'Antecedentes'], text: 'Contexto.' },
      { headingPath: ['Resultados'], text: 'Región: Norte; Ventas: 10' },
    ]);
    expect(document.metadata.headings).toBe(3);
  });

  test.each([
    [
      'the document properties title first',
      { title: 'Properties title' },
      [{ heading: 'title', text: 'Styled title' }, { heading: 1, text: 'Heading' }, { paragraph: 'x' }],
      'Properties title',
    ],
    ['the first H1 without a Title paragraph', {}, [{ heading: 2, text: 'Sub' }, { heading: 1, text: 'Main heading' }, { paragraph: 'x' }], 'Main heading'],
    ['the file name without either', {}, [{ paragraph: 'x' }], 'informe'],
  ] as const)('takes %s', async (_, options, blocks, expected) => {
    const bytes = await buildDocx(blocks, options);

    expect((await parseDocx('informe.docx', bytes)).title).toBe(expected);
  });

  withRealDocx.each([
    ['single-paragraph.docx', 'Walking on imported air'],
    ['simple-list.docx', 'Apple\n\nBanana'],
    ['tables.docx', 'Above\n\nTop left: Bottom left; Top right: Bottom right\n\nBelow'],
    ['text-box.docx', 'Datum plane'],
    ['underline.docx', 'The Sunset Tree'],
    ['strikethrough.docx', "Today's Special: Salmon Sold out"],
    ['utf8-bom.docx', 'This XML has a byte order mark.'],
    ['strict-format.docx', 'Test'],
    // Footnote text follows the body; the "↑" back-links are dropped.
    ['footnotes.docx', 'Ouch[1].[2]\n\nA tachyon walks into a bar.\n\nFin.'],
  ])('reads the real fixture %s', async (file, expected) => {
    const bytes = readFileSync(sharedDataPath('ingestion-fixtures/docx', file));

    const document = await parseDocx(file, bytes);

    expect(document.sections.map((section) => section.text).join('\n\n')).toBe(expected);
  });

  test('a DOCX with no paragraphs has no sections', async () => {
    expect((await parseDocx('empty.docx', await buildDocx([]))).sections).toEqual([]);
  });

  withRealDocx('the real empty.docx has no sections', async () => {
    const bytes = readFileSync(sharedDataPath('ingestion-fixtures/docx/empty.docx'));

    expect((await parseDocx('empty.docx', bytes)).sections).toEqual([]);
  });

  test('reads a minimal DOCX written by hand', async () => {
    const bytes = writeZip(minimalDocxEntries(wordDocumentXml(['Hello from a hand-written archive'])));

    const document = await parseDocx('minimal.docx', bytes);

    expect(document.sections).toEqual([{ headingPath: [], text: 'Hello from a hand-written archive' }]);
  });

  test('refuses a zip bomb before inflating it: 200 MB of zeros declared in word/document.xml', async () => {
    const [contentTypes, relationships] = minimalDocxEntries('');
    const bytes = writeZip([
      contentTypes!,
      relationships!,
      { name: 'word/document.xml', compressed: await deflatedZeros(200 * 1000 * 1000), declaredSize: 200 * 1000 * 1000 },
    ]);

    const error = await docxError(bytes, 'bomb.docx');

    expect(error).toBeInstanceOf(DocumentError);
    expect(error.reason).toBe('too_large');
    expect(error.message).toMatch(/^bomb\.docx: would expand to 190\.7 MiB from 0\.2 MiB \(limit 18\.6 MiB\); it may be a zip bomb$/);
  });

  test('refuses a zip bomb that understates its size', async () => {
    const [contentTypes, relationships] = minimalDocxEntries('');
    const bytes = writeZip([
      contentTypes!,
      relationships!,
      { name: 'word/document.xml', compressed: await deflatedZeros(200 * 1000 * 1000), declaredSize: 2048 },
    ]);

    const error = await docxError(bytes, 'liar.docx');

    expect(error.reason).toBe('too_large');
    expect(error.message).toMatch(/word\/document\.xml expands beyond its declared size of 2048 bytes; it may be a zip bomb/);
  });

  test('refuses a declared ZIP64 size of 5 GiB', async () => {
    const [contentTypes, relationships] = minimalDocxEntries('');
    const bytes = writeZip([contentTypes!, relationships!, { name: 'word/document.xml', data: Buffer.from('<x/>'), declaredSize: 5 * 1024 ** 3, zip64: true }]);

    expect((await docxError(bytes)).reason).toBe('too_large');
  });

  test.each([
    ['a truncated file', async () => (await buildDocx([{ paragraph: 'Hello' }])).subarray(0, 600), 'corrupt', /not a readable Word document/],
    ['text with a .docx name', async () => Buffer.from('This is not a Word document at all.'), 'corrupt', /not a ZIP archive/],
    ['a ZIP without a Word document', async () => writeZip([{ name: 'readme.txt', data: Buffer.from('hi') }]), 'corrupt', /not a readable Word document/],
    ['malformed document XML', async () => writeZip(minimalDocxEntries('<w:document><w:body><w:p>')), 'corrupt', /not a readable Word document/],
    [
      'an encrypted ZIP entry',
      async () => writeZip(minimalDocxEntries(wordDocumentXml(['x'])).map((entry) => ({ ...entry, encrypted: true }))),
      'encrypted',
      /encrypted ZIP entries/,
    ],
    [
      'a password-protected Word file (OLE container with EncryptionInfo)',
      async () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500), Buffer.from('EncryptionInfo', 'utf16le')]),
      'encrypted',
      /password-protected/,
    ],
    [
      'a legacy .doc file renamed to .docx',
      async () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500), Buffer.from('WordDocument', 'utf16le')]),
      'unsupported_type',
      /legacy Word 97–2003/,
    ],
  ])('rejects %s', async (_, build, reason, message) => {
    const error = await docxError(await build());

    expect(error).toBeInstanceOf(DocumentError);
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(/^report\.docx: /);
    expect(error.message).toMatch(message);
  });
});

describe('docxExpansionLimit', () => {
  test.each([
    [10 * 1024, 10 * MiB], // small files may always expand to 10 MiB
    [200 * 1024, 200 * 1024 * 100], // 100× in between
    [MiB, 50 * MiB], // capped at 50 MiB
    [40 * MiB, 50 * MiB],
  ])('%d compressed bytes may expand to %d', (compressed, expected) => {
    expect(docxExpansionLimit(compressed)).toBe(expected);
  });
});
