import { parseDocument } from '#core/parsing/parse-document.js';
import { parseRtf } from '#core/parsing/rtf-parser.js';

const RTF_HEAD = String.raw`{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}{\*\generator Riched20 10.0;}\viewkind4\uc1\pard\f0\fs20 `;

describe('parseRtf', () => {
  test.each([
    ['code-page escapes', String.raw`Se\'f1or Mu\'f1oz: 4.000\'80.\par`, 'Señor Muñoz: 4.000€.'],
    ['Unicode escapes skip their fallback', String.raw`P\u225?rrafo y \u8364\'80 euro\par`, 'Párrafo y € euro'],
    ['formatting words vanish; escaped braces stay', String.raw`con \b negrita\b0  y \{llaves\}\par`, 'con negrita y {llaves}'],
    ['paragraphs', String.raw`Uno\par Dos\par`, 'Uno\n\nDos'],
    ['table cells', String.raw`\trowd\cellx1000\cellx2000 Regi\'f3n\cell Ventas\cell\row`, 'Región | Ventas'],
    ['optional destinations and pictures are dropped', String.raw`{\*\bkmkstart x}Texto{\pict\pngblip 89504e47}\par`, 'Texto'],
    ['typographic words; the space after a control word is its delimiter', String.raw`\ldblquote Hola\rdblquote  \emdash  adi\'f3s\par`, '“Hola” — adiós'],
  ])('%s', (_, body, expected) => {
    const document = parseRtf('nota.rtf', `${RTF_HEAD}${body}\n}`);

    expect(document.sections.map((section) => section.text).join('\n\n')).toBe(expected);
  });

  test('the \\info title is the title, and never part of the text', () => {
    const document = parseRtf('nota.rtf', String.raw`{\rtf1\ansi{\info{\title Informe de ventas}{\author Ana}}Cuerpo\par}`);

    expect(document.title).toBe('Informe de ventas');
    expect(document.sections).toEqual([{ headingPath: [], text: 'Cuerpo' }]);
  });

  test('an RTF file is read as RTF whatever its name', async () => {
    const document = await parseDocument({ source: 'nota.txt', bytes: Buffer.from(String.raw`{\rtf1\ansi Hola mundo\par}`) });

    expect(document.format).toBe('rtf');
    expect(document.sections[0]!.text).toBe('Hola mundo');
  });
});
