import { readFileSync } from 'node:fs';
import { parsePlainText } from '#core/parsing/text-parser.js';
import { sharedDataPath, testWithSharedData } from '../../../support/shared-data.js';

describe('parsePlainText', () => {
  test.each([
    ['a short first line is the title', 'Kangaroo\n\nA kangaroo is a marsupial.\n\nIt hops.', 'Kangaroo', 'A kangaroo is a marsupial.\n\nIt hops.'],
    ['leading blank lines are skipped', '\n\n  Título del informe  \n\nPrimer párrafo.', 'Título del informe', 'Primer párrafo.'],
    ['a first line ending in a full stop is a sentence', 'This is a sentence.\n\nAnother one.', 'notes', 'This is a sentence.\n\nAnother one.'],
    ['a first line ending in a question mark is a sentence', '¿Qué es esto?\n\nUna prueba.', 'notes', '¿Qué es esto?\n\nUna prueba.'],
    ['a first line longer than 120 characters is a paragraph', `${'word '.repeat(30)}\n\nNext.`, 'notes', `${'word '.repeat(30).trim()}\n\nNext.`],
    // A wrapped first paragraph keeps its first line in the body.
    [
      'a title line that does not stand alone stays in the body',
      'The quick brown fox\njumps over the dog.\n\nEnd.',
      'The quick brown fox',
      'The quick brown fox\njumps over the dog.\n\nEnd.',
    ],
    ['a one-line file keeps its line as body too', 'Just a note', 'Just a note', 'Just a note'],
    ['CRLF line endings and whitespace-only separator lines', 'Title\r\n\r\nOne\r\nline two\r\n \t \r\nThree', 'Title', 'One\nline two\n\nThree'],
  ])('%s', (_, text, expectedTitle, expectedBody) => {
    const document = parsePlainText('docs/notes.txt', text);

    expect(document.format).toBe('txt');
    expect(document.title).toBe(expectedTitle);
    expect(document.sections).toEqual([{ headingPath: [], text: expectedBody }]);
  });

  test('whitespace-only text has no sections', () => {
    expect(parsePlainText('blank.txt', ' \n\t\n  ').sections).toEqual([]);
  });

  testWithSharedData('cmu-wikipedia-qa')('reads the kangaroo article of the evaluation corpus', () => {
    const text = readFileSync(sharedDataPath('cmu-wikipedia-qa/S08/data/set1/a1.txt.clean'), 'utf8');

    const document = parsePlainText('a1.txt', text);

    expect(document.title).toBe('kangaroo');
    expect(document.sections).toHaveLength(1);
    expect(document.sections[0]!.text.startsWith('A kangaroo is a marsupial from the family Macropodidae')).toBe(true);
    expect(document.sections[0]!.text).not.toMatch(/\n{3}/);
  });
});
