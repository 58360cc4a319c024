import { trustedMetadataTitle } from '#core/parsing/metadata-title.js';

const VIOLIN = 'The violin is a wooden chordophone, the smallest and highest-pitched instrument of the violin family.';

describe('trustedMetadataTitle', () => {
  test.each([
    ['a title that names the text', 'Violin', VIOLIN, 'Violin'],
    ['a title in other case and without accents', 'El VIOLÍN', 'El violin es un instrumento de cuerda.', 'El VIOLÍN'],
    ['a title of initials, nothing to compare', 'UX', VIOLIN, 'UX'],
    ['a Word export keeps the name without the prefix', 'Microsoft Word - violin history.docx', VIOLIN, 'violin history'],
    ['a file name', 'a2o.htm', VIOLIN, undefined],
    ['a file name with spaces', 'Scan 0001.pdf', VIOLIN, undefined],
    ['a path', 'C:\\Users\\me\\violin.doc', VIOLIN, undefined],
    ['a unix path', '/tmp/violin.txt', VIOLIN, undefined],
    ['a URL', 'https://example.org/violin', VIOLIN, undefined],
    ['a www address', 'www.example.org', VIOLIN, undefined],
    ['empty', '', VIOLIN, undefined],
    ['blank', '   ', VIOLIN, undefined],
    ['missing', undefined, VIOLIN, undefined],
    ['a placeholder', 'Untitled', VIOLIN, undefined],
    ['a Spanish placeholder', 'Sin título', VIOLIN, undefined],
    ['a title that shares no word with the text', 'Quarterly sales figures', VIOLIN, undefined],
  ])('%s', (_, title, text, expected) => {
    expect(trustedMetadataTitle(title, text)).toBe(expected);
  });
});
