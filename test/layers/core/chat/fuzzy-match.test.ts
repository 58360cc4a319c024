import { editDistance, squeezeRepeats } from '#core/chat/index.js';

describe('editDistance', () => {
  test.each([
    ['gracias', 'gracias', 0],
    ['grasias', 'gracias', 1],
    ['graicas', 'gracias', 1],
    ['helo', 'hello', 1],
    ['tardes', 'tardess', 1],
    ['hola', 'adios', 5],
    ['', 'abc', 3],
  ])('%j → %j = %d', (a, b, expected) => {
    // act and assess
    expect(editDistance(a, b)).toBe(expected);
  });

  test('gives up above the limit', () => {
    // act and assess
    expect(editDistance('hola', 'adios', 1)).toBe(2);
  });
});

describe('squeezeRepeats', () => {
  test.each([
    ['holaaaa', 'hola'],
    ['graciass', 'gracias'],
    ['hello', 'helo'],
  ])('%j → %j', (word, expected) => {
    // act and assess
    expect(squeezeRepeats(word)).toBe(expected);
  });
});
