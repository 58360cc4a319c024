import { DocumentError } from '#core/errors.js';
import { parseDocument } from '#core/parsing/parse-document.js';
import { parseOds } from '#core/parsing/ods-parser.js';
import { buildOds, odsCell } from '../../../fixtures/office-fixtures.js';

describe('parseOds', () => {
  test('each table is a section; rows are "Header: value" pairs; repeats are expanded and the trailing blank columns dropped', () => {
    // prepare
    const bytes = buildOds(
      '<table:table table:name="Inventario">' +
        `<table:table-row>${odsCell('Producto')}${odsCell('Almacén')}${odsCell('Unidades')}<table:table-cell table:number-columns-repeated="1020"/></table:table-row>` +
        `<table:table-row>${odsCell('Tornillos')}${odsCell('Bilbao')}<table:table-cell office:value-type="float" office:value="1200" table:formula="of:=[.C3]*2"><text:p>1.200</text:p></table:table-cell></table:table-row>` +
        `<table:table-row table:number-rows-repeated="2">${odsCell('Arandelas')}${odsCell('Vigo')}<table:table-cell/></table:table-row>` +
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>' +
        '</table:table>' +
        `<table:table table:name="Notas"><table:table-row>${odsCell('Nota')}</table:table-row><table:table-row><table:table-cell><text:p>Revisar<text:s text:c="2"/>en enero</text:p><office:annotation><text:p>hidden comment</text:p></office:annotation></table:table-cell></table:table-row></table:table>`,
      { title: 'Stock' },
    );

    // act
    const document = parseOds('stock.ods', bytes);

    // assess
    expect(document.title).toBe('Stock');
    expect(document.sections).toEqual([
      {
        headingPath: ['Inventario'],
        text: [
          'Columns: Producto | Almacén | Unidades',
          'Producto: Tornillos; Almacén: Bilbao; Unidades: 1.200',
          'Producto: Arandelas; Almacén: Vigo',
          'Producto: Arandelas; Almacén: Vigo',
        ].join('\n\n'),
      },
      { headingPath: ['Notas'], text: 'Columns: Nota\n\nNota: Revisar en enero' },
    ]);
    expect(document.metadata).toMatchObject({ sheets: ['Inventario', 'Notas'], rows: 6 });
  });

  test('a repeat count that would expand past the cell limit is refused', async () => {
    const bytes = buildOds(
      `<table:table table:name="Bomb"><table:table-row table:number-rows-repeated="100000000">${odsCell('x', 'table:number-columns-repeated="1000"')}</table:table-row></table:table>`,
    );

    const error = await parseDocument({ source: 'bomb.ods', bytes }).catch((caught: unknown) => caught as DocumentError);

    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).reason).toBe('too_large');
    expect((error as DocumentError).message).toMatch(/^bomb\.ods: repeats its cells beyond 2,000,000 cells/);
  });

  test('is found by its mimetype entry whatever its name', async () => {
    const bytes = buildOds(
      `<table:table table:name="T"><table:table-row>${odsCell('A')}</table:table-row><table:table-row>${odsCell('1')}</table:table-row></table:table>`,
    );

    const document = await parseDocument({ source: 'upload.bin', bytes });

    expect(document.format).toBe('ods');
    expect(document.sections[0]!.text).toBe('Columns: A\n\nA: 1');
  });
});
