import fc from 'fast-check';
import { DocumentError } from '#core/errors.js';
import { parseDocument } from '#core/parsing/index.js';
import { buildEpub, buildOdp, buildOds, buildOdt, buildPptx, buildXlsx, odsCell } from '../../../fixtures/office-fixtures.js';

/** Damage as transfers and disks cause it: truncation, flipped bytes, a spliced run of junk. */
function damaged(original: Uint8Array): fc.Arbitrary<Uint8Array> {
  const truncated = fc.integer({ min: 0, max: original.length - 1 }).map((end) => original.slice(0, end));
  const flipped = fc
    .array(fc.tuple(fc.integer({ min: 0, max: original.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 })
    .map((flips) => {
      const copy = original.slice();
      for (const [offset, value] of flips) copy[offset] = value;
      return copy;
    });
  const spliced = fc
    .tuple(fc.integer({ min: 0, max: original.length }), fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.integer({ min: 0, max: 64 }))
    .map(([at, junk, removed]) => Uint8Array.from([...original.subarray(0, at), ...junk, ...original.subarray(Math.min(original.length, at + removed))]));
  return fc.oneof(truncated, flipped, spliced);
}

const text = (value: string) => new TextEncoder().encode(value);

const SAMPLES: [string, Uint8Array][] = [
  [
    'sheet.xlsx',
    buildXlsx([
      {
        name: 'S',
        rows: [
          ['Name', 'Qty'],
          ['Bolt', 3],
          [{ formula: 'A1', cached: 'x' }, { date: '2024-01-02' }],
        ],
      },
    ]),
  ],
  [
    'sheet.ods',
    buildOds(
      `<table:table table:name="S"><table:table-row>${odsCell('A')}${odsCell('B')}</table:table-row><table:table-row>${odsCell('1')}${odsCell('2')}</table:table-row></table:table>`,
    ),
  ],
  [
    'deck.pptx',
    buildPptx([
      { title: 'T', bullets: ['a', 'b'], notes: 'n' },
      {
        table: [
          ['h1', 'h2'],
          ['v1', 'v2'],
        ],
      },
    ]),
  ],
  ['deck.odp', buildOdp([{ title: 'T', bullets: ['a'], notes: 'n' }])],
  ['text.odt', buildOdt('<text:h text:outline-level="1">H</text:h><text:p>Body<text:s text:c="3"/>text</text:p>')],
  ['book.epub', buildEpub('B', [{ title: 'C', bodyHtml: '<h1>H</h1><p>Text.</p>' }])],
  ['data.csv', text('a,b\n"1,5",2\n3,"x ""y"""\n')],
  ['note.rtf', text(String.raw`{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Se\'f1or \u8364? {\*\x y}end\par}`)],
  ['data.json', text(JSON.stringify({ a: { b: [1, { c: 'd' }] }, e: [{ f: 1 }] }))],
  [
    'mail.eml',
    text(
      'Subject: =?utf-8?B?SG9sYQ==?=\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nBody\r\n--b\r\nContent-Disposition: attachment; filename=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n--b--\r\n',
    ),
  ],
];

describe('the newer formats (properties)', () => {
  test.each(SAMPLES)('damaged %s parses or fails with a DocumentError that names it, never with a parser bug', async (source, original) => {
    await fc.assert(
      fc.asyncProperty(damaged(original), async (bytes) => {
        try {
          const document = await parseDocument({ source, bytes });
          expect(document.sections.length).toBeGreaterThan(0);
        } catch (error) {
          if (!(error instanceof DocumentError)) throw new Error(`${source} threw a raw ${(error as Error)?.name}: ${String(error)}`);
          expect(error.message.startsWith(`${source}: `)).toBe(true);
          // A parser bug (reading a property of undefined) would be wrapped as "corrupt" too: catch it here.
          if (error.cause instanceof TypeError) throw new Error(`${source}: a parser bug surfaced as ${error.message}`);
        }
      }),
      { numRuns: 60, seed: 16 },
    );
  });
});
