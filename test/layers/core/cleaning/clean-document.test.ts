import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { cleanDocument, cleanText } from '#core/cleaning/index.js';
import { DocumentError } from '#core/errors.js';
import { parseDocument } from '#core/parsing/index.js';
import type { ParsedDocument } from '#core/parsing/parsed-document.js';
import { buildPdf } from '../../../fixtures/pdf-fixtures.js';
import { sharedDataPath, testWithSharedData } from '../../../support/shared-data.js';

describe('cleanText', () => {
  test.each([
    [
      'every rule in one block',
      '\ufeffThe ﬁrst  inter-\nnational\u00a0meet-\ning\r\nwas held\u200b.\n\n\n\nNext   paragraph.',
      'The first international meeting was held.\n\nNext paragraph.',
    ],
    ['soft hyphen at a line break', 'Bun\u00ad\ndesrepublik', 'Bundesrepublik'],
    ['decomposed Spanish', 'Informacio\u0301n del an\u0303o', 'Información del año'],
    ['CJK survives', '東京は\n日本の首都です。', '東京は 日本の首都です。'],
  ])('%s', (_, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  test('loses no visible character of text without hyphens, controls or exotic spaces', () => {
    const visible = fc.string({ unit: fc.constantFrom('a', 'Z', 'é', '1', '.', ',', '¿', ' ', '\t', '\n') });

    fc.assert(
      fc.property(visible, (text) => {
        expect(cleanText(text).replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
    );
  });

  test('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '-', ' ', '\n', '\u00a0', '\u00ad', 'ﬁ', '\r') }), (text) => {
        expect(cleanText(cleanText(text))).toBe(cleanText(text));
      }),
    );
  });

  test('handles long pathological whitespace', () => {
    const input = `${' '.repeat(200_000)}x${'\n \t'.repeat(200_000)}y${'-\n'.repeat(100_000)}z`;

    const output = cleanText(input);

    // Compared as a boolean: a failing diff of 200 KB strings would drown the report.
    expect(output === `x\n\ny${'- '.repeat(100_000)}z`).toBe(true);
  });
});

const SUBJECTS = ['Revenue', 'Profit', 'Headcount'];

function thrownBy(action: () => unknown): DocumentError {
  try {
    action();
  } catch (error) {
    return error as DocumentError;
  }
  throw new Error('expected a DocumentError');
}

describe('cleanDocument', () => {
  const doc = (sections: ParsedDocument['sections'], extra: Partial<ParsedDocument> = {}): ParsedDocument => ({
    source: 'x.txt',
    format: 'txt',
    title: 'Title',
    sections,
    metadata: { wordCount: 0 },
    ...extra,
  });

  test('cleans text, headings and title, drops emptied sections and recounts words', () => {
    const input = doc(
      [
        { headingPath: ['Intro\u00a0 duction'], text: 'Wrapped\nline with ﬁ.' },
        { headingPath: ['Empty'], text: '\u200b \n\u00ad' },
        { headingPath: ['Intro duction', 'Sub'], text: 'Last   one.' },
      ],
      { title: '  The\ttitle\n' },
    );

    const cleaned = cleanDocument(input);

    expect(cleaned).toEqual({
      source: 'x.txt',
      format: 'txt',
      title: 'The title',
      sections: [
        { headingPath: ['Intro duction'], text: 'Wrapped line with fi.' },
        { headingPath: ['Intro duction', 'Sub'], text: 'Last one.' },
      ],
      metadata: { wordCount: 6 },
    });
    expect(input.sections).toHaveLength(3); // the input is not modified
  });

  test('a title with nothing visible falls back to the file name', () => {
    const cleaned = cleanDocument(doc([{ headingPath: [], text: 'Text.' }], { source: 'docs/guía.txt', title: '\u200b\u00ad' }));

    expect(cleaned.title).toBe('guía');
  });

  test('a document with nothing left is empty', () => {
    const input = doc(
      [
        { headingPath: [], text: '\u200b\u00ad' },
        { headingPath: ['Page'], page: 1, text: '- 1 -' },
      ],
      { format: 'pdf' },
    );

    const error = thrownBy(() => cleanDocument(input));

    expect(error).toBeInstanceOf(DocumentError);
    expect(error.reason).toBe('empty');
    expect(error.message).toMatch(/^x\.txt: contains no text/);
  });

  test('removes running headers, footers and page numbers per page before rejoining lines', () => {
    const bodies = [
      'La empresa creció en el primer trimestre gracias a las ven-\ntas internacionales.\n\nLos costes bajaron.',
      'El segundo trimestre fue más lento por la demanda.\n\nSe abrieron dos oficinas.',
      'En verano la plantilla aumentó en un diez por ciento.\n\nLa inversión siguió.',
      'El cuarto trimestre cerró con beneficios.\n\nEl consejo aprobó el dividendo.',
    ];
    const pages = bodies.map((body, index) => ({
      headingPath: [],
      page: index + 1,
      text: `Informe Anual 2024\n\n${body}\n\nPágina ${index + 1} de 4`,
    }));

    const cleaned = cleanDocument(doc(pages, { format: 'pdf', source: 'informe.pdf' }));

    expect(cleaned.sections.map((section) => section.text)).toEqual([
      'La empresa creció en el primer trimestre gracias a las ventas internacionales.\n\nLos costes bajaron.',
      'El segundo trimestre fue más lento por la demanda.\n\nSe abrieron dos oficinas.',
      'En verano la plantilla aumentó en un diez por ciento.\n\nLa inversión siguió.',
      'El cuarto trimestre cerró con beneficios.\n\nEl consejo aprobó el dividendo.',
    ]);
    expect(cleaned.sections.map((section) => section.page)).toEqual([1, 2, 3, 4]);
  });

  test('slides keep lines that repeat from slide to slide: only PDF pages have running headers', () => {
    const slides = [1, 2, 3, 4].map((n) => ({
      headingPath: [`Milestone ${n}`],
      page: n,
      text: `Next steps\n\nDeliver component ${n} to the integration team`,
    }));

    const cleaned = cleanDocument(doc(slides, { format: 'pptx', source: 'plan.pptx' }));

    expect(cleaned.sections.map((section) => section.text)).toEqual(slides.map((slide) => slide.text));
  });

  test('a page split into several sections is treated as one page', () => {
    const words = ['alpha', 'bravo', 'charlie'];
    const sections = words.flatMap((word, index) => [
      { headingPath: [], page: index + 1, text: `Running head\nIntro about ${word}` },
      { headingPath: ['Part'], page: index + 1, text: `Body about ${word} and more\nsecond line on ${word}\n${index + 1}` },
    ]);

    const cleaned = cleanDocument(doc(sections, { format: 'pdf' }));

    expect(cleaned.sections.map((section) => section.text)).toEqual(
      words.flatMap((word) => [`Intro about ${word}`, `Body about ${word} and more second line on ${word}`]),
    );
  });

  test('cleans a generated PDF end to end: headers, footers, wrapped lines', async () => {
    const bytes = await buildPdf(
      [1, 2, 3].map((page) => ({
        header: 'ACME Corp — Quarterly Report',
        lines: [`${SUBJECTS[page - 1]} grew thanks to inter-`, 'national sales.', '', `${SUBJECTS[page - 1]} closes the page.`],
        footer: `Page ${page} of 3`,
      })),
    );

    const cleaned = cleanDocument(await parseDocument({ source: 'report.pdf', bytes }));

    expect(cleaned.sections.map((section) => section.text)).toEqual(
      SUBJECTS.map((subject) => `${subject} grew thanks to international sales.\n\n${subject} closes the page.`),
    );
  });

  testWithSharedData('ingestion-fixtures/pdf')('cleans the real 4-page pdflatex fixture: page numbers go, hyphenated words are joined', async () => {
    const bytes = readFileSync(sharedDataPath('ingestion-fixtures/pdf/004-pdflatex-4-pages/pdflatex-4-pages.pdf'));
    const parsed = await parseDocument({ source: 'pdflatex-4-pages.pdf', bytes });

    const cleaned = cleanDocument(parsed);

    expect(parsed.sections.map((section) => section.text.split('\n').at(-1))).toEqual(['1', '2', '3', '4']);
    for (const section of cleaned.sections) {
      expect(section.text).not.toMatch(/\n(?!\n)|\d$/);
    }
    expect(cleaned.sections.map((section) => section.page)).toEqual([1, 2, 3, 4]);
  });
});
