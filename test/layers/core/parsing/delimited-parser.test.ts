import { guessSeparator, parseCsv, parseDelimited, parseTsv } from '#core/parsing/delimited-parser.js';

describe('parseDelimited', () => {
  test.each([
    [
      'plain',
      'a,b\n1,2\n',
      ',',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'CRLF and no final newline',
      'a,b\r\n1,2',
      ',',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'quoted separator and line break',
      'name,note\n"Pérez, Ana","line one\nline two"\n',
      ',',
      [
        ['name', 'note'],
        ['Pérez, Ana', 'line one\nline two'],
      ],
    ],
    ['doubled quotes', '"say ""hi""",x\n', ',', [['say "hi"', 'x']]],
    ['a stray quote inside a field is text', 'a,5" screen\n', ',', [['a', '5" screen']]],
    [
      'semicolons',
      'importe;iva\n1,5;0,21\n',
      ';',
      [
        ['importe', 'iva'],
        ['1,5', '0,21'],
      ],
    ],
    [
      'tabs',
      'a\tb\n1\t2\n',
      '\t',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['empty fields', 'a,,c\n', ',', [['a', '', 'c']]],
    ['a BOM', '\uFEFFa,b\n', ',', [['a', 'b']]],
  ])('%s', (_, text, separator, expected) => {
    expect(parseDelimited(text, separator)).toEqual(expected);
  });

  test.each([
    ['a,b,c\n', ','],
    ['importe;iva;total\n1,5;0,2;1,7\n', ';'],
    ['"a;b",c,d\n', ','],
    ['a\tb\tc\n', '\t'],
  ])('guesses the separator of %j', (text, expected) => {
    expect(guessSeparator(text)).toBe(expected);
  });
});

describe('parseCsv and parseTsv', () => {
  test('rows become "Header: value" pairs under the file title', () => {
    const document = parseCsv('data/empleados.csv', 'Nombre;Departamento;Extensión\nAna Ruiz;Compras;4471\nLuis Gil;;4472\n');

    expect(document).toMatchObject({ format: 'csv', title: 'empleados', metadata: { rows: 3, separator: ';' } });
    expect(document.sections).toEqual([
      {
        headingPath: [],
        text: 'Columns: Nombre | Departamento | Extensión\n\nNombre: Ana Ruiz; Departamento: Compras; Extensión: 4471\n\nNombre: Luis Gil; Extensión: 4472',
      },
    ]);
  });

  test('TSV splits on tabs only', () => {
    const document = parseTsv('t.tsv', 'City\tNote\nMadrid\tcapital, large\n');

    expect(document.sections[0]!.text).toBe('Columns: City | Note\n\nCity: Madrid; Note: capital, large');
  });
});
