import { normalizeQuestion } from '#core/insights/normalize-question.js';

describe('normalizeQuestion', () => {
  test.each([
    ['Who invented the piano?', 'who invented the piano'],
    ['  who   invented the PIANO  ', 'who invented the piano'],
    ['¿Quién inventó el piano?', 'quien invento el piano'],
    ['Où est-ce ? ¡Ya!', 'ou est ce ya'],
    ['How many strings: 4, 5 or 6?', 'how many strings 4 5 or 6'],
    ['???', ''],
  ])('%j → %j', (question, expected) => {
    // act + assess
    expect(normalizeQuestion(question)).toBe(expected);
  });
});
