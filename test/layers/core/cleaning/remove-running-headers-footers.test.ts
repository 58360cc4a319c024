import { findRunningHeaderFooterLines, isPageNumberLine, removeRunningHeadersFooters } from '#core/cleaning/remove-running-headers-footers.js';

const page = (n: number, body: string[], header = 'ACME Corp — Annual Report 2024', footer = `Page ${n} of 5`): string[] => [header, ...body, footer];
/** Body lines that differ in their words, not just in their numbers, as real pages do. */
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];

describe('isPageNumberLine', () => {
  test.each([
    ['3', true],
    ['  12 ', true],
    ['- 3 -', true],
    ['— 14 —', true],
    ['Page 3', true],
    ['Page 3 of 10', true],
    ['page 3/10', true],
    ['3 / 10', true],
    ['3 of 10', true],
    ['Página 3', true],
    ['Página 3 de 10', true],
    ['Pág. 7', true],
    ['iv', true],
    ['xii', true],
    ['xlii', true],
    ['x', false],
    ['c', false],
    ['vx', false],
    ['civic', false],
    ['', false],
    ['2024 sales grew', false],
    ['Chapter 3', false],
    ['I', false],
    ['12345', false],
    ['3.5', false],
  ])('%j → %s', (line, expected) => {
    expect(isPageNumberLine(line)).toBe(expected);
  });
});

describe('removeRunningHeadersFooters', () => {
  test('drops a header and a numbered footer that recur on every page', () => {
    const pages = [1, 2, 3, 4, 5].map((n) => page(n, [`Body about ${WORDS[n]}.`, `More on ${WORDS[n]}.`]));

    const cleaned = removeRunningHeadersFooters(pages);

    expect(cleaned).toEqual([1, 2, 3, 4, 5].map((n) => [`Body about ${WORDS[n]}.`, `More on ${WORDS[n]}.`]));
  });

  test('drops headers that alternate between even and odd pages', () => {
    const pages = [1, 2, 3, 4, 5, 6].map((n) => [n % 2 ? 'Chapter 2: Methods' : 'A Study of Things', `Body about ${WORDS[n]}.`, String(n)]);

    const cleaned = removeRunningHeadersFooters(pages);

    expect(cleaned).toEqual([1, 2, 3, 4, 5, 6].map((n) => [`Body about ${WORDS[n]}.`]));
  });

  test('drops lone page numbers even in a one-page document', () => {
    expect(removeRunningHeadersFooters([['Title', 'Text.', '', '- 1 -']])).toEqual([['Title', 'Text.', '']]);
  });

  test('a line that differs from page to page only in its numbers counts as recurring', () => {
    const pages = [1, 2, 3].map((n) => [
      `Report 2024 — section ${n}`,
      `Body about ${WORDS[n]}.`,
      `Body about ${WORDS[n + 1]}.`,
      `Body about ${WORDS[n + 2]}.`,
      `Confidential ${n}/3`,
    ]);

    expect(removeRunningHeadersFooters(pages)).toEqual(
      [1, 2, 3].map((n) => [`Body about ${WORDS[n]}.`, `Body about ${WORDS[n + 1]}.`, `Body about ${WORDS[n + 2]}.`]),
    );
  });

  test('keeps a number inside the body of a page', () => {
    const lines = ['Top', 'line 2', 'line 3', 'line 4', '42', 'line 6', 'line 7', 'line 8', 'Bottom'];

    expect(removeRunningHeadersFooters([lines])).toEqual([lines]);
  });

  test('keeps a recurring line on fewer than half of the pages', () => {
    const pages = [0, 1, 2, 3, 4, 5, 6].map((n) => [n < 3 ? 'Draft' : `Heading ${WORDS[n]}`, `Body about ${WORDS[n]}.`]);

    expect(removeRunningHeadersFooters(pages)).toEqual(pages);
  });

  test('needs at least three pages to call a line a running header', () => {
    const pages = [1, 2].map((n) => ['Same title', `Body about ${WORDS[n]}.`]);

    expect(removeRunningHeadersFooters(pages)).toEqual(pages);
  });

  test('keeps a recurring line that is not at the top or bottom of its pages', () => {
    const pages = [1, 2, 3, 4].map((n) => [
      `Heading ${WORDS[n]}`,
      `Intro ${WORDS[n]}`,
      'Note: see appendix.',
      `Body ${WORDS[n]}`,
      `End ${WORDS[n]}`,
      `Signed ${WORDS[n]}`,
    ]);

    expect(removeRunningHeadersFooters(pages)).toEqual(pages);
  });

  test('findRunningHeaderFooterLines marks lines without removing them', () => {
    const pages = [1, 2, 3].map((n) => page(n, [`Body about ${WORDS[n]}.`]));

    expect(findRunningHeaderFooterLines(pages)).toEqual([1, 2, 3].map(() => [true, false, true]));
  });
});
