import { readFileSync } from 'node:fs';
import { chunkDocument } from '#core/chunking/chunk-document.js';
import { cleanDocument } from '#core/cleaning/clean-document.js';
import { parseDocument } from '#core/parsing/parse-document.js';
import { contextualText } from '#core/chunking/chunk.js';
import type { ParsedDocument } from '#core/parsing/parsed-document.js';
import { countTokens } from '#core/text/token-counter.js';
import { sharedDataPath, testWithSharedData } from '../../../support/shared-data.js';

const sentence = (i: number) => `Sentence number ${i} talks about the kangaroo habitat in eastern Australia and its grasslands.`;
const paragraph = (from: number, count: number) => Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');

function doc(sections: ParsedDocument['sections'], title = 'Kangaroo'): ParsedDocument {
  return { source: 'kangaroo.md', format: 'md', title, sections, metadata: {} };
}

describe('chunkDocument', () => {
  test.each([
    [128, 16],
    [256, 32],
    [350, 50],
    [512, 0],
  ])('every chunk stays within %i tokens (overlap %i), header included', (maxTokens, overlapTokens) => {
    // prepare
    const document = doc([
      { headingPath: ['Habitat'], text: [paragraph(0, 12), paragraph(12, 3), paragraph(15, 30)].join('\n\n') },
      { headingPath: ['Habitat', 'Grasslands'], text: paragraph(100, 20) },
    ]);

    // act
    const chunks = chunkDocument(document, { maxTokens, overlapTokens });

    // assess
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.tokenCount).toBe(countTokens(contextualText(chunk)));
      expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens);
    }
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
  });

  test('no text is lost: every sentence appears in some chunk', () => {
    // prepare
    const text = [paragraph(0, 25), paragraph(25, 25)].join('\n\n');

    // act
    const chunks = chunkDocument(doc([{ headingPath: [], text }]), { maxTokens: 128, overlapTokens: 20 });

    // assess
    const all = chunks.map((c) => c.body).join('\n');
    for (let i = 0; i < 50; i += 1) expect(all).toContain(sentence(i));
  });

  test('every chunk carries the title and heading path as its contextual header', () => {
    // prepare
    const document = doc(
      [
        { headingPath: ['Plot'], text: paragraph(0, 40) },
        { headingPath: ['Cast', 'Leads'], text: 'Alastair Sim plays Scrooge.' },
      ],
      'Scrooge (1951)',
    );

    // act
    const chunks = chunkDocument(document, { maxTokens: 128, overlapTokens: 16 });

    // assess
    const middle = chunks[Math.floor(chunks.length / 2) - 1]!;
    expect(middle.header).toBe('Scrooge (1951) › Plot');
    expect(contextualText(middle).startsWith('Scrooge (1951) › Plot\n\n')).toBe(true);
    expect(chunks.at(-1)!.header).toBe('Scrooge (1951) › Cast › Leads');
    expect(chunks.at(-1)!.headingPath).toEqual(['Cast', 'Leads']);
  });

  test('sections are never mixed in one chunk', () => {
    // act
    const chunks = chunkDocument(
      doc([
        { headingPath: ['A'], text: 'Alpha text.' },
        { headingPath: ['B'], text: 'Beta text.' },
      ]),
    );

    // assess
    expect(chunks.map((c) => c.body)).toEqual(['Alpha text.', 'Beta text.']);
  });

  test('consecutive chunks overlap by the tail of the previous one', () => {
    // act
    const chunks = chunkDocument(doc([{ headingPath: [], text: paragraph(0, 30) }]), { maxTokens: 128, overlapTokens: 40 });

    // assess
    expect(chunks.length).toBeGreaterThan(2);
    for (let i = 1; i < chunks.length; i += 1) {
      const previous = chunks[i - 1]!.body.split(/(?<=\.)\s/);
      const current = chunks[i]!.body.split(/(?<=\.)\s/);
      expect(current).toContain(previous.at(-1));
      expect(previous).toContain(current[0]);
      expect(current[0]).not.toBe(previous[0]);
    }
  });

  test('PDF page numbers are kept on chunks', () => {
    // act
    const chunks = chunkDocument(
      doc([
        { headingPath: [], page: 1, text: paragraph(0, 2) },
        { headingPath: [], page: 2, text: paragraph(10, 30) },
      ]),
      { maxTokens: 128, overlapTokens: 0 },
    );

    // assess
    expect(chunks[0]!.page).toBe(1);
    expect(chunks.at(-1)!.page).toBe(2);
  });

  test('an unbreakable run of characters is split by characters within the budget', () => {
    // act
    const chunks = chunkDocument(doc([{ headingPath: [], text: 'x'.repeat(5000) }]), { maxTokens: 100, overlapTokens: 0 });

    // assess
    expect(chunks.map((c) => c.body).join('')).toBe('x'.repeat(5000));
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(100);
  });

  test('rejects a budget too small to hold a header and text', () => {
    expect(() => chunkDocument(doc([{ headingPath: [], text: 'a' }]), { maxTokens: 10 })).toThrow(RangeError);
  });

  testWithSharedData('cmu-wikipedia-qa').each([
    ['S08/data/set1/a1.txt.clean', 350, 50],
    ['S08/data/set1/a1.txt.clean', 128, 40],
    ['S09/data/set2/a3.txt.clean', 350, 50],
    ['S09/data/set2/a3.txt.clean', 96, 0],
  ])(
    'a real article (%s) chunks within %i tokens (overlap %i) by the real tokenizer, as counting every text whole would',
    async (file, maxTokens, overlapTokens) => {
      // prepare
      const path = sharedDataPath('cmu-wikipedia-qa', file);
      const document = cleanDocument(await parseDocument({ source: path.replace(/\.clean$/, ''), bytes: new Uint8Array(readFileSync(path)) }));

      // act
      const chunks = chunkDocument(document, { maxTokens, overlapTokens });

      // assess
      expect(chunks.length).toBeGreaterThan(3);
      for (const chunk of chunks) {
        expect(chunk.tokenCount).toBe(countTokens(contextualText(chunk)));
        expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens);
      }
      expect(chunks).toEqual(chunkDocument(document, { maxTokens, overlapTokens, countTokens }));
    },
  );
});
