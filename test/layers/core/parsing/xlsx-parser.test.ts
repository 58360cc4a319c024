import { DocumentError } from '#core/errors.js';
import { parseDocument } from '#core/parsing/parse-document.js';
import { parseXlsx, serialDate } from '#core/parsing/xlsx-parser.js';
import { buildXlsx } from '../../../fixtures/office-fixtures.js';
import { encryptedOfficeFile } from '../../../fixtures/ole-fixtures.js';
import { deflatedZeros, writeZip } from '../../../fixtures/zip-writer.js';

async function parseError(source: string, bytes: Uint8Array): Promise<DocumentError> {
  try {
    await parseDocument({ source, bytes });
  } catch (error) {
    return error as DocumentError;
  }
  throw new Error('expected a DocumentError');
}

describe('parseXlsx', () => {
  test('each sheet is a section; each row "Header: value" pairs; formulas show cached values; dates read as dates', () => {
    // prepare
    const bytes = buildXlsx(
      [
        {
          name: 'Ventas 2024',
          rows: [
            ['Región', 'Responsable', 'Importe', 'Fecha'],
            ['Norte', 'Lucía Pérez', 1250.5, { date: '2024-03-15' }],
            ['Sur', null, { formula: 'SUM(C2:C2)*2', cached: 2501 }, { date: '2024-04-01' }],
          ],
        },
        { name: 'Notes', rows: [['Key', 'Value'], [], ['Approved', true], ['Owner', { formula: 'B1&"x"', cached: 'Finance' }]] },
      ],
      { title: 'Quarterly sales' },
    );

    // act
    const document = parseXlsx('ventas.xlsx', bytes);

    // assess
    expect(document.title).toBe('Quarterly sales');
    expect(document.format).toBe('xlsx');
    expect(document.sections).toEqual([
      {
        headingPath: ['Ventas 2024'],
        text: [
          'Columns: Región | Responsable | Importe | Fecha',
          'Región: Norte; Responsable: Lucía Pérez; Importe: 1250.5; Fecha: 2024-03-15',
          'Región: Sur; Importe: 2501; Fecha: 2024-04-01',
        ].join('\n\n'),
      },
      { headingPath: ['Notes'], text: 'Columns: Key | Value\n\nKey: Approved; Value: TRUE\n\nKey: Owner; Value: Finance' },
    ]);
    expect(document.metadata).toMatchObject({ sheets: ['Ventas 2024', 'Notes'], rows: 7 });
  });

  test('cells without a header are named by their column; the title falls back to the file name', () => {
    const bytes = buildXlsx([{ name: 'Sheet1', rows: [['Name'], ['Ada', 'extra']] }]);

    const document = parseXlsx('folder/people.xlsx', bytes);

    expect(document.title).toBe('people');
    expect(document.sections[0]!.text).toBe('Columns: Name\n\nName: Ada; Column B: extra');
  });

  test.each([
    [0, undefined],
    [45366, '2024-03-15'],
    [45366.5, '2024-03-15 12:00'],
    [-1, undefined],
  ])('serial %d reads as %s', (serial, expected) => {
    expect(serialDate(serial) ?? undefined).toBe(serial === 0 ? '1899-12-30' : expected);
  });

  test.each([
    [
      'an encrypted workbook',
      'budget.xlsx',
      async () => encryptedOfficeFile(),
      'encrypted',
      /^budget\.xlsx: is a password-protected Excel workbook; remove the password/,
    ],
    [
      'a workbook of macro sheets only',
      'macros.xlsm',
      async () => buildXlsx([], { macroSheets: ['Macro1'], vbaProject: true }),
      'empty',
      /holds only macros and no worksheet data/,
    ],
    ['a workbook whose sheets are empty', 'blank.xlsx', async () => buildXlsx([{ name: 'Sheet1', rows: [[], [null]] }]), 'empty', /contains no text/],
    [
      'an OOXML zip bomb',
      'bomb.xlsx',
      async () => {
        const good = buildXlsx([{ name: 'S', rows: [['a']] }]);
        const size = 60 * 1024 * 1024;
        // The real parts plus a sheet that inflates to 60 MiB of zeros.
        const { readZipDirectory, readZipEntry } = await import('#core/parsing/zip-directory.js');
        const parts = readZipDirectory(good).map((entry) => ({ name: entry.name, data: readZipEntry(good, entry) }));
        return writeZip([
          ...parts.filter((p) => p.name !== 'xl/worksheets/sheet1.xml'),
          { name: 'xl/worksheets/sheet1.xml', compressed: await deflatedZeros(size), declaredSize: size },
        ]);
      },
      'too_large',
      /would expand to 60\.0 MiB .*it may be a zip bomb/,
    ],
    [
      'a workbook that understates its sizes',
      'liar.xlsx',
      async () =>
        writeZip([
          { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
          { name: 'xl/workbook.xml', compressed: await deflatedZeros(1024 * 1024), declaredSize: 10 },
        ]),
      'too_large',
      /expands beyond its declared size/,
    ],
  ])('refuses %s', async (_, source, build, reason, message) => {
    const error = await parseError(source, await build());

    expect(error).toBeInstanceOf(DocumentError);
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
  });

  test('a 10,000-row sheet is read whole, row by row', () => {
    const rows = [['Id', 'Item', 'Stock'], ...Array.from({ length: 10_000 }, (_, i) => [`SKU-${i + 1}`, `Item ${i + 1}`, i % 97])];
    const bytes = buildXlsx([{ name: 'Inventory', rows }]);

    const document = parseXlsx('inventory.xlsx', bytes);

    const lines = document.sections[0]!.text.split('\n\n');
    expect(lines).toHaveLength(10_001);
    expect(lines.at(-1)).toBe('Id: SKU-10000; Item: Item 10000; Stock: 8');
  });
});
