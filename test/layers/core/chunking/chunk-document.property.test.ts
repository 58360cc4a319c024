import fc from 'fast-check';
import { contextualText } from '#core/chunking/chunk.js';
import { chunkDocument } from '#core/chunking/chunk-document.js';
import type { ParsedDocument } from '#core/parsing/parsed-document.js';
import { countTokens } from '#core/text/token-counter.js';

const RUNS = { numRuns: 60 };

/** Words as documents have them: Latin, accented, Cyrillic, CJK, digits, emoji, with punctuation attached. */
const word = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z]{1,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom('niño', 'Información', 'Ämter', 'привет', '東京都', 'العربية', '3.14', '2024', 'e.g.', 'Dr.', '😀', '¿Qué?') },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 10 })
      .map((text) => text.replace(/\s/g, ''))
      .filter((text) => text !== ''),
  },
);
const separator = fc.constantFrom(' ', ' ', ' ', '. ', '! ', '? ', '\n', '\n\n', ', ');
const prose = fc.array(fc.tuple(word, separator), { minLength: 1, maxLength: 400 }).map((pairs) =>
  pairs
    .map(([w, s]) => `${w}${s}`)
    .join('')
    .trim(),
);
/**
 * A run far larger than any chunk: a base64 blob, dot leaders, a line of one letter or of emoji,
 * a whitespace gap. Byte-pair encoding is quadratic in a run's length, so these also keep the
 * chunker from handing long runs to the tokenizer whole.
 */
const giantWord = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{600,2500}$/),
  fc
    .tuple(fc.constantFrom('x', '.', '-', '=', '😀', '東', 'ab', '\u00a0', '\t', '  '), fc.integer({ min: 200, max: 6000 }))
    .map(([unit, times]) => unit.repeat(times)),
);

/** Long labels without spaces: a file name used as the title, a heading that is one identifier. */
const longLabel = fc.oneof(
  fc.stringMatching(/^[a-z0-9_-]{80,250}$/),
  fc.string({ unit: 'grapheme', minLength: 40, maxLength: 120 }).map((text) => text.replace(/\s/g, '')),
);
const headingPath = fc.array(fc.oneof(fc.stringMatching(/^[A-Z][a-z]{0,10}( [a-z]{1,8}){0,3}$/), fc.string({ maxLength: 40 }), longLabel), { maxLength: 3 });
const title = fc.oneof(fc.stringMatching(/^[A-Z][a-z]{1,10}( [a-z]{1,8}){0,4}$/), fc.string({ unit: 'grapheme', maxLength: 300 }), longLabel);

function documentOf(sections: ParsedDocument['sections'], documentTitle: string): ParsedDocument {
  return { source: 'doc.txt', format: 'txt', title: documentTitle, sections, metadata: {} };
}

const options = fc.record({ maxTokens: fc.integer({ min: 64, max: 512 }), overlapTokens: fc.integer({ min: 0, max: 120 }) });

describe('chunkDocument (properties)', () => {
  test('every chunk is non-empty and within maxTokens by the real tokenizer; ordinals run 0..n-1; every word lands in a chunk', () => {
    const sections = fc.array(fc.record({ headingPath, text: prose, page: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }) }), {
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(sections, title, options, (parsed, documentTitle, { maxTokens, overlapTokens }) => {
        const document = documentOf(
          parsed.map(({ page, ...rest }) => (page === undefined ? rest : { ...rest, page })),
          documentTitle,
        );

        const chunks = chunkDocument(document, { maxTokens, overlapTokens });

        expect(chunks.map((chunk) => chunk.ordinal)).toEqual(chunks.map((_, index) => index));
        for (const chunk of chunks) {
          expect(chunk.body.trim()).not.toBe('');
          expect(chunk.tokenCount).toBe(countTokens(contextualText(chunk)));
          expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens);
        }
        for (const section of document.sections) {
          const holders = chunks.filter((chunk) => chunk.headingPath.join('\u0000') === section.headingPath.join('\u0000'));
          for (const w of section.text.split(/\s+/).filter(Boolean)) {
            expect(holders.some((chunk) => chunk.body.includes(w))).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  test('giant words and arbitrary text still give bounded, non-empty chunks that keep every character of the word', () => {
    const text = fc.oneof(
      fc
        .tuple(prose, giantWord, prose, fc.constantFrom(' ', '', '\n\n', '. '))
        .map(([before, giant, after, glue]) => `${before}${glue}${giant}${glue}${after}`),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 3000 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3000 }),
    );
    fc.assert(
      fc.property(text, title, options, (sectionText, documentTitle, { maxTokens, overlapTokens }) => {
        const document = documentOf([{ headingPath: [], text: sectionText }], documentTitle);

        const chunks = chunkDocument(document, { maxTokens, overlapTokens });

        expect(chunks.map((chunk) => chunk.ordinal)).toEqual(chunks.map((_, index) => index));
        for (const chunk of chunks) {
          expect(chunk.body.trim()).not.toBe('');
          expect(chunk.tokenCount).toBe(countTokens(contextualText(chunk)));
          expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens);
        }
        // Overlap repeats text, but never invents it: every non-space character of the input is in some chunk, none is new.
        const input = new Set(Array.from(sectionText.replace(/\s/g, '')));
        const output = new Set(
          Array.from(
            chunks
              .map((chunk) => chunk.body)
              .join('')
              .replace(/\s/g, ''),
          ),
        );
        expect([...input].filter((character) => !output.has(character))).toEqual([]);
        expect([...output].filter((character) => !input.has(character))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  test('counts composed from pieces give the same chunks as counting every text whole', () => {
    // A counter passed in is used as it is, on whole texts; the built-in one composes counts of parts.
    const sections = fc.array(fc.record({ headingPath, text: prose }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(sections, title, options, (parsed, documentTitle, { maxTokens, overlapTokens }) => {
        const document = documentOf(parsed, documentTitle);

        const composed = chunkDocument(document, { maxTokens, overlapTokens });
        const whole = chunkDocument(document, { maxTokens, overlapTokens, countTokens });

        expect(composed).toEqual(whole);
      }),
      RUNS,
    );
  });

  test('a document without visible text gives no chunks rather than empty ones', () => {
    const blank = fc.string({ unit: fc.constantFrom(' ', '\n', '\t', '\u00a0'), maxLength: 50 });
    fc.assert(
      fc.property(fc.array(fc.record({ headingPath, text: blank }), { maxLength: 4 }), (sections) => {
        expect(chunkDocument(documentOf(sections, 'Blank'))).toEqual([]);
      }),
      RUNS,
    );
  });
});
