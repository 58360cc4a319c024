import { removeControlCharacters } from '#core/cleaning/remove-control-characters.js';

describe('removeControlCharacters', () => {
  test.each([
    ['tabs and line feeds are kept', 'a\tb\nc', 'a\tb\nc'],
    ['C0 controls are dropped', 'a\u0000b\u0007c\u001bd\u007fe', 'abcde'],
    ['C1 controls are dropped', 'a\u0085b\u009fc', 'abc'],
    ['CRLF and lone CR become LF', 'a\r\nb\rc', 'a\nb\nc'],
    ['a vertical tab becomes a line break', 'a\u000bb', 'a\nb'],
    ['a form feed becomes a paragraph break', 'page one\fpage two', 'page one\n\npage two'],
    ['soft hyphens are dropped', 'inter\u00adnational', 'international'],
    ['a soft hyphen at a line end joins the word', 'Bundes\u00ad \nrepublik', 'Bundesrepublik'],
    ['zero-width spaces, word joiners and BOMs are dropped', '\ufeffzero\u200bwidth\u2060joined', 'zerowidthjoined'],
    ['bidirectional marks are dropped', '\u200eleft\u200f \u202aembedded\u202c \u2066isolated\u2069', 'left embedded isolated'],
    ['joiners that scripts and emoji need are kept', 'می\u200cخواهم 👩\u200d💻', 'می\u200cخواهم 👩\u200d💻'],
    ['ordinary text is untouched', '¿Dónde está la estación?', '¿Dónde está la estación?'],
  ])('%s', (_, input, expected) => {
    expect(removeControlCharacters(input)).toBe(expected);
  });
});
