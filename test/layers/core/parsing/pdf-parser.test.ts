import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { DocumentError } from '#core/errors.js';
import { parsePdf } from '#core/parsing/pdf-parser.js';
import { buildPasswordProtectedPdf, buildPdf, buildScannedPdf } from '../../../fixtures/pdf-fixtures.js';
import { sharedDataPath, testWithSharedData } from '../../../support/shared-data.js';

const withRealPdfs = testWithSharedData('ingestion-fixtures/pdf');
const fixture = (path: string): Uint8Array => readFileSync(sharedDataPath('ingestion-fixtures/pdf', path));

async function pdfError(bytes: Uint8Array, source = 'scan.pdf'): Promise<DocumentError> {
  try {
    await parsePdf(source, bytes);
  } catch (error) {
    return error as DocumentError;
  }
  throw new Error('expected a DocumentError');
}

describe('parsePdf', () => {
  test('one section per page, with the page number, the Info title and the lines kept', async () => {
    const bytes = await buildPdf(
      [1, 2, 3].map((page) => ({
        header: 'ACME Corp — Quarterly Report',
        lines: [`Section ${page} starts here and the line wraps`, 'onto a second line.', '', `A second paragraph on page ${page}.`],
        footer: `Page ${page} of 3`,
      })),
      { title: 'Quarterly Report Q3' },
    );

    const document = await parsePdf('report.pdf', bytes);

    expect(document.title).toBe('Quarterly Report Q3');
    expect(document.metadata).toMatchObject({ pages: 3, pagesWithText: 3 });
    expect(document.sections).toEqual(
      [1, 2, 3].map((page) => ({
        headingPath: [],
        page,
        text: `ACME Corp — Quarterly Report\n\nSection ${page} starts here and the line wraps\nonto a second line.\n\nA second paragraph on page ${page}.\n\nPage ${page} of 3`,
      })),
    );
  });

  test.each([
    [
      'a table under a header row becomes one "Header: value" paragraph per row, between the paragraphs around it',
      {
        lines: ['Harbour traffic in March.'],
        table: {
          columns: [72, 220, 360],
          rows: [
            ['Port', 'Ships', 'Month'],
            ['Vigo', '47', 'March'],
            ['Cádiz', '', 'April'],
            ['Bilbao', '12', 'May'],
          ],
          after: ['Figures from the harbour office.'],
        },
      },
      'Harbour traffic in March.\n\nColumns: Port | Ships | Month\n\nPort: Vigo; Ships: 47; Month: March\n\nPort: Cádiz; Month: April\n\nPort: Bilbao; Ships: 12; Month: May\n\nFigures from the harbour office.',
    ],
    [
      'a value set wider than its header still falls in its column',
      {
        lines: [],
        table: {
          columns: [72, 150],
          rows: [
            ['Id', 'Description'],
            ['A-17', 'Replacement lamp for the north light'],
            ['B-02', 'Fog horn service'],
          ],
        },
      },
      'Columns: Id | Description\n\nId: A-17; Description: Replacement lamp for the north light\n\nId: B-02; Description: Fog horn service',
    ],
    [
      'a label and its value set apart on one line, with nothing aligned under them, stay a line',
      { lines: [], table: { columns: [72, 300], rows: [['Total due', 'EUR 1,200']], after: ['Pay within thirty days.'] } },
      'Total due EUR 1,200\nPay within thirty days.',
    ],
    [
      'a table of contents (page numbers set apart) is not taken for a table',
      {
        lines: [],
        table: {
          columns: [72, 400],
          rows: [
            ['Introduction', '1'],
            ['Methods', '5'],
            ['Results', '9'],
          ],
        },
      },
      'Introduction 1\nMethods 5\nResults 9',
    ],
    [
      'a header with a single row under it is not taken for a table',
      {
        lines: [],
        table: {
          columns: [72, 300],
          rows: [
            ['Keeper', 'Since'],
            ['Ana Souto', '2019'],
          ],
        },
      },
      'Keeper Since\nAna Souto 2019',
    ],
  ])('%s', async (_name, page, expected) => {
    // prepare
    const bytes = await buildPdf([page]);

    // act
    const document = await parsePdf('harbour.pdf', bytes);

    // assess
    expect(document.sections.map((section) => section.text)).toEqual([expected]);
  });

  test('pages without text are left out but keep the numbering of the others', async () => {
    const bytes = await buildPdf([{ lines: ['First page.'] }, { lines: [] }, { lines: ['Third page.'] }]);

    const document = await parsePdf('gaps.pdf', bytes);

    expect(document.sections.map((section) => [section.page, section.text])).toEqual([
      [1, 'First page.'],
      [3, 'Third page.'],
    ]);
    expect(document.metadata).toMatchObject({ pages: 3, pagesWithText: 2 });
  });

  test.each([
    [
      'a line set clearly larger than the body',
      [{ lines: ['Annual Results', 'Body text in a normal size.', 'More body text here.'], firstLineSize: 20 }],
      'Annual Results',
    ],
    ['the file name when nothing stands out', [{ lines: ['Body text in a normal size.', 'More body text here.'] }], 'annual-results'],
    ['the file name when the large line is "Contents"', [{ lines: ['Contents', 'Chapter one', 'Chapter two'], firstLineSize: 20 }], 'annual-results'],
  ])('without an Info title, the title is %s', async (_, pages, expected) => {
    const bytes = await buildPdf(pages);

    expect((await parsePdf('docs/annual-results.pdf', bytes)).title).toBe(expected);
  });

  test.each([
    [
      'a2o.htm',
      'the large heading',
      [{ lines: ['The Violin', 'The violin is the highest-pitched instrument of its family.'], firstLineSize: 20 }],
      'The Violin',
    ],
    ['a2o.htm', 'the file name', [{ lines: ['The violin is the highest-pitched instrument of its family.'] }], 'Violin'],
    ['Quarterly sales figures', 'the file name', [{ lines: ['The violin is the highest-pitched instrument of its family.'] }], 'Violin'],
    ['Violin family', 'the Info title', [{ lines: ['The violin is the highest-pitched instrument of its family.'] }], 'Violin family'],
  ])('an Info title %j gives way to %s when it is junk', async (infoTitle, _, pages, expected) => {
    // prepare
    const bytes = await buildPdf(pages, { title: infoTitle });

    // act
    const document = await parsePdf('docs/Violin.pdf', bytes);

    // assess
    expect(document.title).toBe(expected);
  });

  withRealPdfs('reads the real 4-page pdflatex fixture page by page', async () => {
    const document = await parsePdf('pdflatex-4-pages.pdf', fixture('004-pdflatex-4-pages/pdflatex-4-pages.pdf'));

    expect(document.metadata.pages).toBe(4);
    expect(document.sections.map((section) => section.page)).toEqual([1, 2, 3, 4]);
    expect(document.sections[0]!.text.startsWith('Hello, here is some text without a meaning.')).toBe(true);
  });

  withRealPdfs('reads the real minimal fixture with its line breaks and hyphenation', async () => {
    const document = await parsePdf('minimal-document.pdf', fixture('001-trivial/minimal-document.pdf'));

    expect(document.sections).toHaveLength(1);
    expect(document.sections[0]!.text).toContain('no sea taki-\nmata sanctus est Lorem ipsum dolor sit amet.');
  });

  withRealPdfs.each([
    ['011-google-doc-document/google-doc-document.pdf', 'PDF Example Document', 'Beautiful is better than ugly.'],
    ['021-pdfa/crazyones-pdfa.pdf', 'The Crazy Ones', 'The misfits. The rebels. The troublemakers.'],
    ['026-latex-multicolumn/multicolumn.pdf', 'Two-Column Document with Lorem Ipsum', 'This is a sample document with two columns filled'],
  ])('reads the real fixture %s', async (path, title, text) => {
    const document = await parsePdf(path, fixture(path));

    expect(document.title).toBe(title);
    expect(document.sections[0]!.text).toContain(text);
  });

  const fourPages = () => buildPdf([1, 2, 3, 4].map((page) => ({ lines: [`Page ${page} starts here.`, 'A second line of body text.'] })));

  test.each([
    ['a password-protected PDF', buildPasswordProtectedPdf, 'encrypted', /password-protected/],
    ['a scanned PDF (images only)', () => buildScannedPdf(3), 'no_text_layer', /3 page\(s\) but no text layer/],
    ['a truncated PDF', async () => (await fourPages()).subarray(0, 1000), 'corrupt', /not a readable PDF/],
    ['junk after a PDF header', async () => Buffer.from('%PDF-1.7\nthis is not really a pdf\n'), 'corrupt', /not a readable PDF/],
  ])('rejects %s', async (_, load, reason, message) => {
    const error = await pdfError(await load());

    expect(error).toBeInstanceOf(DocumentError);
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(/^scan\.pdf: /);
    expect(error.message).toMatch(message);
  });

  withRealPdfs.each([
    ['the real password-protected fixture', '005-libreoffice-writer-password/libreoffice-writer-password.pdf', 'encrypted', /password-protected/],
    ['the real 6-page ImageMagick scan', '007-imagemagick-images/imagemagick-images.pdf', 'no_text_layer', /6 page\(s\) but no text layer/],
  ])('rejects %s', async (_, path, reason, message) => {
    const error = await pdfError(fixture(path));

    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
  });

  test('rejects a PDF of blank pages as empty, not as a scan', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    pdf.addPage();

    const error = await pdfError(await pdf.save(), 'blank.pdf');

    expect(error.reason).toBe('empty');
    expect(error.message).toBe('blank.pdf: has 2 page(s) but no text');
  });
});
