import fc from 'fast-check';
import {
  cleanDocument,
  cleanText,
  collapseWhitespace,
  findRunningHeaderFooterLines,
  joinHyphenatedLineBreaks,
  normalizeUnicode,
  removeControlCharacters,
  removeRunningHeadersFooters,
} from '#core/cleaning/index.js';
import { DocumentError } from '#core/errors.js';
import type { ParsedDocument } from '#core/parsing/parsed-document.js';

const RUNS = { numRuns: 300 };
/** Cases found by these properties once, kept so they are always tried. */
const FOUND = [['e\u200b\u0301'], ['\u1100\u200b\u1161'], ['\ufb01\u0308'], ['\ufb03\u0301'], ['a\u000b\u0301'], ['\u1100\u00ad\n\u1161']] as [string][];
const RUNS_WITH_FOUND = { ...RUNS, examples: FOUND };

/** Characters every rule has an opinion about: controls, invisibles, exotic spaces, ligatures, hyphens, combining marks, lone surrogates. */
const TRICKY_CHARACTERS = [
  'a',
  'B',
  'z',
  'é',
  'ñ',
  'Ж',
  'ж',
  '東',
  '٣',
  '7',
  '.',
  ',',
  '-',
  '\u2010',
  ' ',
  '\t',
  '\n',
  '\r',
  '\f',
  '\v',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u00ad',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u202e',
  '\u2060',
  '\ufeff',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\u2028',
  '\u2029',
  '\ufb01',
  '\ufb03',
  '\u0301',
  '\u0303',
  '\u0308',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  '\u1100',
  '\u1161',
];

const trickyText = fc.string({ unit: fc.constantFrom(...TRICKY_CHARACTERS), maxLength: 80 });
/** Any code points, including lone surrogates and every control. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 }), trickyText);

/** Characters whose letters and digits no rule may change: no combining marks, no ligatures. */
const STABLE_CHARACTERS = [
  'a',
  'q',
  'Z',
  '0',
  '9',
  'é',
  'ñ',
  'Ж',
  '東',
  'ß',
  '.',
  ',',
  '-',
  '\u2010',
  ' ',
  '\t',
  '\n',
  '\r',
  '\f',
  '\v',
  '\u0000',
  '\u0007',
  '\u007f',
  '\u0085',
  '\u00ad',
  '\u200b',
  '\u2060',
  '\ufeff',
  '\u00a0',
  '\u3000',
  '\u2028',
];
const stableText = fc.string({ unit: fc.constantFrom(...STABLE_CHARACTERS), maxLength: 120 });

/** The control rule as documented: line breaks unified, soft-hyphenated line breaks joined, invisibles removed. */
const removeControlCharactersModel = (text: string): string =>
  text
    .replace(/\r\n?|\v/g, '\n')
    .replace(/\f/g, '\n\n')
    .replace(/\u00ad[ \t]*\n[ \t]*/g, '')
    .replace(new RegExp(REMOVABLE, 'g'), '');

/** The whole character pass as documented: exotic spaces and line separators mapped first, so they count for the soft-hyphen rule. */
const normalizeCharactersModel = (text: string): string =>
  removeControlCharactersModel(text.replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ').replace(/[\u2028\u2029]/g, '\n'))
    .replace(/[\ufb00-\ufb06]/g, (ligature) => ligature.normalize('NFKC'))
    .normalize('NFC');

const lettersAndDigits = (text: string): string => (text.match(/[\p{L}\p{N}]/gu) ?? []).join('');

/** What the removal rules may drop: C0/C1 controls, soft hyphens and the other invisible characters. */
const REMOVABLE = /[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

describe('cleaning rules on arbitrary text (properties)', () => {
  test.each([
    ['cleanText', cleanText],
    ['normalizeUnicode', normalizeUnicode],
    ['removeControlCharacters', removeControlCharacters],
    ['joinHyphenatedLineBreaks', joinHyphenatedLineBreaks],
    ['collapseWhitespace', collapseWhitespace],
  ])('%s never throws and always returns a string', (_, rule) => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(typeof rule(text)).toBe('string');
      }),
      RUNS_WITH_FOUND,
    );
  });

  test.each([
    ['cleanText', cleanText],
    ['normalizeUnicode', normalizeUnicode],
    ['removeControlCharacters', removeControlCharacters],
    ['joinHyphenatedLineBreaks', joinHyphenatedLineBreaks],
    ['collapseWhitespace', collapseWhitespace],
  ])('%s is idempotent', (_, rule) => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = rule(text);
        expect(rule(once)).toBe(once);
      }),
      RUNS_WITH_FOUND,
    );
  });

  test('cleanText leaves reading text: no controls, no invisible characters, single spaces, paragraphs split by exactly one blank line', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const clean = cleanText(text);
        expect(clean).not.toMatch(REMOVABLE);
        expect(clean).not.toMatch(/[\t\r\v\f\u00a0\u2028\u2029\u3000\ufb00-\ufb06]/);
        expect(clean).not.toMatch(/ {2}|\n{3,}|(?<!\n)\n(?!\n)|^\s|\s$/);
        expect(clean).toBe(clean.normalize('NFC'));
      }),
      RUNS_WITH_FOUND,
    );
  });

  test('cleanText loses no letter or digit: only controls, invisibles, spaces and joined hyphens go', () => {
    fc.assert(
      fc.property(stableText, (text) => {
        expect(lettersAndDigits(cleanText(text))).toBe(lettersAndDigits(text));
      }),
      RUNS,
    );
  });

  test('cleanText keeps every letter and digit of arbitrary text once composed (NFC) and ligatures expanded', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        // Vertical tabs and form feeds are line breaks, so a combining mark after one stays apart from the letter before it;
        // a soft hyphen ending a line joins the word it split.
        const expected = lettersAndDigits(normalizeCharactersModel(text));
        expect(lettersAndDigits(cleanText(text))).toBe(expected);
      }),
      RUNS_WITH_FOUND,
    );
  });

  test('removeControlCharacters removes only what the rule lists and keeps every other character in order', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(removeControlCharacters(text)).toBe(removeControlCharactersModel(text));
      }),
      RUNS_WITH_FOUND,
    );
  });

  test('joinHyphenatedLineBreaks only ever removes a hyphen and the line break after it', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const joined = joinHyphenatedLineBreaks(text);
        expect(joined.replace(/[-\u2010\s]/g, '')).toBe(text.replace(/[-\u2010\s]/g, ''));
        expect(joined.length).toBeLessThanOrEqual(text.length);
      }),
      RUNS_WITH_FOUND,
    );
  });
});

/** Pages of lines: body lines from a pool, with optional headers, footers and page numbers that may repeat. */
const pageArbitrary = fc.record({
  header: fc.option(fc.constantFrom('ACME Corp — Annual report 2024', 'Confidential', 'Informe anual'), { nil: undefined }),
  body: fc.array(fc.oneof(stableText, fc.constantFrom('Revenue grew 4%.', 'Confidential', '12', 'iv', 'Page 3 of 9', '')), {
    minLength: 0,
    maxLength: 8,
  }),
  footer: fc.option(fc.constantFrom('Page 1', '- 2 -', '3 / 10', 'Página 4', 'xii'), { nil: undefined }),
});
const pagesArbitrary = fc
  .array(pageArbitrary, { minLength: 1, maxLength: 7 })
  .map((pages) =>
    pages.map((page) => [...(page.header ? [page.header] : []), ...page.body.flatMap((line) => line.split('\n')), ...(page.footer ? [page.footer] : [])]),
  );

describe('running header and footer removal (properties)', () => {
  test('never throws; keeps the unmarked lines in order and only marks lines near a page edge', () => {
    fc.assert(
      fc.property(pagesArbitrary, (pages) => {
        const marked = findRunningHeaderFooterLines(pages);
        const kept = removeRunningHeadersFooters(pages);

        pages.forEach((lines, page) => {
          expect(kept[page]).toEqual(lines.filter((_, index) => !marked[page]![index]));
          const nonEmpty = lines.map((line, index) => (line.trim() === '' ? -1 : index)).filter((index) => index >= 0);
          const edges = new Set([...nonEmpty.slice(0, 3), ...nonEmpty.slice(-3)]);
          marked[page]!.forEach((isMarked, index) => {
            if (isMarked) expect(edges.has(index)).toBe(true);
          });
        });
      }),
      RUNS,
    );
  });

  test('cleanDocument loses no letter or digit outside the removed header, footer and page-number lines', () => {
    fc.assert(
      fc.property(pagesArbitrary, (pages) => {
        const document: ParsedDocument = {
          source: 'report.pdf',
          format: 'pdf',
          title: 'Report',
          sections: pages.map((lines, index) => ({ headingPath: [], page: index + 1, text: lines.join('\n') })),
          metadata: {},
        };
        // The rule sees each page's lines after the character rules, which turn \r, \v, \f and U+2028 into line breaks.
        const normalizedPages = document.sections.map((section) => removeControlCharacters(normalizeUnicode(section.text)).split('\n'));
        const marked = findRunningHeaderFooterLines(normalizedPages);
        const expected = lettersAndDigits(normalizedPages.flatMap((lines, page) => lines.filter((_, index) => !marked[page]![index])).join('\n'));

        let cleaned: ParsedDocument | undefined;
        try {
          cleaned = cleanDocument(document);
        } catch (error) {
          expect(error).toBeInstanceOf(DocumentError);
          expect((error as DocumentError).reason).toBe('empty');
        }
        expect(cleaned ? lettersAndDigits(cleaned.sections.map((section) => section.text).join('\n')) : '').toBe(expected);
      }),
      RUNS,
    );
  });

  test('cleanDocument on arbitrary sections throws nothing but DocumentError(empty), and keeps only non-empty sections', () => {
    const sections = fc.array(
      fc.record({
        headingPath: fc.array(anyText, { maxLength: 3 }),
        text: anyText,
        page: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(sections, anyText, (parsedSections, title) => {
        const document: ParsedDocument = {
          source: 'notes.txt',
          format: 'txt',
          title,
          sections: parsedSections.map(({ page, ...rest }) => (page === undefined ? rest : { ...rest, page })),
          metadata: { wordCount: 0 },
        };
        try {
          const cleaned = cleanDocument(document);
          expect(cleaned.sections.length).toBeGreaterThan(0);
          for (const section of cleaned.sections) {
            expect(section.text).not.toBe('');
            expect(section.headingPath.every((heading) => heading !== '' && !heading.includes('\n'))).toBe(true);
          }
          expect(cleaned.title).not.toBe('');
          expect(cleaned.title).not.toContain('\n');
        } catch (error) {
          expect(error).toBeInstanceOf(DocumentError);
          expect((error as DocumentError).reason).toBe('empty');
        }
      }),
      RUNS,
    );
  });
});
