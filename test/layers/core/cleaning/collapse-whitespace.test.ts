import { collapseWhitespace } from '#core/cleaning/collapse-whitespace.js';

describe('collapseWhitespace', () => {
  test.each([
    ['runs of spaces and tabs become one space', 'a  b\t\tc \t d', 'a b c d'],
    ['line ends are trimmed', 'one   \n   two', 'one two'],
    ['single line breaks inside a paragraph become spaces', 'wrapped\nPDF\nline', 'wrapped PDF line'],
    ['a blank line stays a paragraph break', 'first\n\nsecond', 'first\n\nsecond'],
    ['three or more line breaks become one blank line', 'first\n\n\n\n\nsecond', 'first\n\nsecond'],
    ['lines of only spaces count as blank', 'first\n   \n \t \nsecond', 'first\n\nsecond'],
    ['the text is trimmed', '\n\n  text  \n\n', 'text'],
    ['whitespace only becomes empty', ' \n\t\n ', ''],
  ])('%s', (_, input, expected) => {
    expect(collapseWhitespace(input)).toBe(expected);
  });
});
