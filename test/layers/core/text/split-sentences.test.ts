import { splitSentences } from '#core/text/split-sentences.js';

describe('splitSentences', () => {
  test.each([
    ['two English sentences', 'The film was released. It was a hit.', ['The film was released.', 'It was a hit.']],
    ['Spanish question and exclamation', '¿Quién la dirigió? ¡Fue Brian Desmond Hurst!', ['¿Quién la dirigió?', '¡Fue Brian Desmond Hurst!']],
    ['decimal number', 'It took 3.5 minutes. Before, 25.', ['It took 3.5 minutes.', 'Before, 25.']],
    ['initials', 'J. K. Rowling wrote it. She lives in Edinburgh.', ['J. K. Rowling wrote it.', 'She lives in Edinburgh.']],
    ['English abbreviation', 'Dr. Smith arrived. He sat down.', ['Dr. Smith arrived.', 'He sat down.']],
    ['Spanish abbreviation', 'La Sra. García llegó. Se sentó.', ['La Sra. García llegó.', 'Se sentó.']],
    ['closing quote', 'He said "Stop." Then he left.', ['He said "Stop."', 'Then he left.']],
    ['no terminal punctuation', 'A title without a stop', ['A title without a stop']],
    ['lower-case after a stop stays joined', 'See fig. three for details.', ['See fig. three for details.']],
    ['ellipsis', 'Wait… Then go.', ['Wait…', 'Then go.']],
  ])('%s', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });

  test('keeps every non-space character', () => {
    const text = 'One. Two? Three! Four… Five.';
    expect(splitSentences(text).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });
});
