import { prepareDocument } from '#core/ingestion/prepare-document.js';
import { buildPdf } from '../../../fixtures/pdf-fixtures.js';

const FACT = /Fact (\d+) sits on page (\d+)/g;

/** Page `page` of the ledger: short paragraphs of two lines, each fact numbered across the document. */
function ledgerPage(page: number, firstFact: number, facts: number): string[] {
  const lines: string[] = [];
  for (let fact = firstFact; fact < firstFact + facts; fact += 1) {
    lines.push(`Fact ${fact} sits on page ${page} of the ledger,`, `and the auditors checked it twice.`, '');
  }
  return lines;
}

describe('page attribution across chunk boundaries', () => {
  test.each([
    ['with overlap', 24],
    ['without overlap', 0],
  ])('a chunk of a real multi-page PDF is cited by the page its own text starts on (%s)', async (_, overlapTokens) => {
    // prepare: three pages, so that chunks straddle two page breaks
    const bytes = await buildPdf(
      [ledgerPage(1, 1, 7), ledgerPage(2, 8, 7), ledgerPage(3, 15, 7)].map((lines) => ({ lines })),
      { title: 'Ledger' },
    );

    // act
    const { chunks } = await prepareDocument({ source: 'ledger.pdf', bytes }, { chunking: { maxTokens: 96, overlapTokens } });

    // assess: the first fact a chunk adds to what the previous chunk said names the chunk's page
    expect(new Set(chunks.map((chunk) => chunk.page))).toEqual(new Set([1, 2, 3]));
    let previous = new Set<string>();
    for (const chunk of chunks) {
      const facts = [...chunk.body.matchAll(FACT)].map(([, fact, page]) => ({ fact: fact!, page: Number(page) }));
      const own = facts.find((fact) => !previous.has(fact.fact)) ?? facts[0]!;
      expect({ text: chunk.body, page: chunk.page }).toEqual({ text: chunk.body, page: own.page });
      previous = new Set(facts.map((fact) => fact.fact));
    }
  });
});
