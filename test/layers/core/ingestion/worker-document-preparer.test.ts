import { DocumentError } from '#core/errors.js';
import { type DocumentToPrepare, prepareDocument } from '#core/ingestion/prepare-document.js';
import { WorkerDocumentPreparer } from '#core/ingestion/worker-document-preparer.js';
import { encodePng } from '#core/ocr/png-encoding.js';
import { buildDocx } from '../../../fixtures/docx-fixtures.js';
import { buildPdf } from '../../../fixtures/pdf-fixtures.js';

const text = (value: string) => new TextEncoder().encode(value);

describe('WorkerDocumentPreparer', () => {
  let preparer: WorkerDocumentPreparer;
  beforeAll(() => {
    preparer = new WorkerDocumentPreparer({ threads: 2 });
  });
  afterAll(async () => {
    await preparer.close();
  });

  test('prepares real documents exactly as the calling thread would', async () => {
    // prepare
    const inputs: DocumentToPrepare[] = [
      { source: 'guide.md', bytes: text('# Guide\n\nKangaroos hop across Australia.\n\n## Food\n\nThey eat grass.') },
      {
        source: 'four-pages.pdf',
        bytes: await buildPdf(
          ['Kangaroos rest in the shade at noon.', 'Wallabies feed on grass at dusk.', 'Wombats dig long burrows.', 'Koalas sleep most of the day.'].map(
            (line, index) => ({
              header: 'Field notes',
              lines: [
                line,
                'The rangers count them every spring and write',
                'down where each group sleeps, what it eats,',
                'how far it walks between the waterholes and',
                'which of the young ones leave the group.',
                '',
                'A second paragraph keeps the page long enough',
                'to fill a chunk of its own in the index.',
              ],
              footer: `${index + 1}`,
            }),
          ),
        ),
      },
      {
        source: 'tables.docx',
        bytes: new Uint8Array(
          await buildDocx([
            { paragraph: 'Above' },
            {
              table: [
                ['Top left', 'Top right'],
                ['Bottom left', 'Bottom right'],
              ],
            },
            { paragraph: 'Below' },
          ]),
        ),
      },
    ];
    const options = { chunking: { maxTokens: 120, overlapTokens: 20 } };

    // act
    const inWorkers = await Promise.all(inputs.map((input) => preparer.prepare(input, options)));
    const inThread = await Promise.all(inputs.map((input) => prepareDocument(input, options)));

    // assess
    expect(inWorkers).toEqual(inThread);
    expect(inWorkers[1]!.chunks.some((chunk) => chunk.page === 4)).toBe(true);
  });

  test.each([
    ['binary junk', { source: 'junk.txt', bytes: new Uint8Array([0, 1, 2, 3, 0, 0, 7]) }, 'binary'],
    ['whitespace only', { source: 'blank.md', bytes: text('   \n\n \t ') }, 'empty'],
    ['an unsupported type', { source: 'image.gif', bytes: text('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;') }, 'unsupported_type'],
    ['a truncated image', { source: 'image.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) }, 'corrupt'],
    ['a truncated PDF', { source: 'cut.pdf', bytes: text('%PDF-1.7\n1 0 obj << /Type /Catalog') }, 'corrupt'],
  ])('%s fails with the same typed error as in the calling thread', async (_name, input, reason) => {
    // act
    const fromWorker = await preparer.prepare(input, {}).catch((error: unknown) => error);
    const fromThread = await prepareDocument(input).catch((error: unknown) => error);

    // assess
    expect(fromWorker).toBeInstanceOf(DocumentError);
    expect(fromWorker).toMatchObject({ source: input.source, reason, code: reason, message: (fromThread as Error).message });
  });

  test('a thread reads the OCR limits of the environment the calling code sees', async () => {
    // prepare: the environment is changed where the caller sees it (a test runner's sandbox is one such view)
    process.env.RAG_OCR_TIMEOUT_MS = '1';
    const own = new WorkerDocumentPreparer();
    const scan = encodePng({ data: new Uint8Array(64 * 64).fill(255), width: 64, height: 64, channels: 1 });

    try {
      // act
      const failure = await own.prepare({ source: 'scan.png', bytes: scan }, {}).catch((error: unknown) => error);

      // assess
      expect(failure).toBeInstanceOf(DocumentError);
      expect((failure as Error).message).toMatch(/within 1 ms \(RAG_OCR_TIMEOUT_MS\)/);
    } finally {
      delete process.env.RAG_OCR_TIMEOUT_MS;
      await own.close();
    }
  });

  test('close fails what is still waiting and refuses new work', async () => {
    // prepare
    const own = new WorkerDocumentPreparer();
    const waiting = own.prepare({ source: 'big.txt', bytes: text('Lorem ipsum dolor sit amet. '.repeat(50_000)) }, {}).catch((error: unknown) => error);

    // act
    await own.close();

    // assess
    expect(await waiting).toMatchObject({ code: 'internal_error', message: 'the document preparer was closed' });
    await expect(own.prepare({ source: 'late.txt', bytes: text('Late.') }, {})).rejects.toThrow('closed');
  });
});
