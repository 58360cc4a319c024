import type { DocumentErrorReason } from '#core/errors.js';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';
import { buildPasswordProtectedPdf, buildPdf, buildScannedPdf } from '../../fixtures/pdf-fixtures.js';
import { buildXlsx } from '../../fixtures/office-fixtures.js';
import { encryptedOfficeFile } from '../../fixtures/ole-fixtures.js';
import { deflatedZeros, minimalDocxEntries, writeZip } from '../../fixtures/zip-writer.js';
import { readZipDirectory, readZipEntry } from '#core/parsing/zip-directory.js';

/** The upload limit the reliability stacks run with (`RAG_MAX_UPLOAD_BYTES`): small, so the oversized file stays cheap. */
export const UPLOAD_LIMIT_BYTES = 512 * 1024;

/** What ingesting an input must give, whatever the channel, when the channel lets it through. */
export type ContentExpectation = { outcome: 'failed'; reason: DocumentErrorReason; message: RegExp } | { outcome: 'indexed'; text: string; minChunks?: number };

export interface ContentInput {
  id: string;
  name: string;
  bytes: Uint8Array;
  expected: ContentExpectation;
}

/** A PDF bomb: one small page listed `pages` times in the page tree, about 6 bytes per extra page. */
async function pageTreeBomb(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([200, 200]);
  page.drawText('One page, many times.', { x: 10, y: 100, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  const tree = pdf.catalog.lookup(PDFName.of('Pages'), PDFDict);
  const kids = tree.lookup(PDFName.of('Kids'), PDFArray);
  const only = kids.get(0);
  for (let i = 1; i < pages; i++) kids.push(only);
  tree.set(PDFName.of('Count'), PDFNumber.of(pages));
  return pdf.save({ useObjectStreams: false });
}

/** Deterministic junk: a small linear congruential generator, so a failure can be replayed. */
function junk(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  bytes[0] = 0; // ELF, PNG and most binaries hold NUL bytes early
  return bytes;
}

/**
 * The hostile files of the reliability matrix: each is sent over every channel in a batch
 * with two good documents. Contents are the same everywhere; names are per channel.
 */
export async function buildContentInputs(): Promise<ContentInput[]> {
  const readablePdf = await buildPdf([1, 2, 3, 4].map((page) => ({ lines: [`Page ${page} of a readable report.`, 'A second line of body text.'] })));
  const workbook = buildXlsx([{ name: 'Sheet1', rows: [['Key'], ['value']] }]);
  // A real workbook whose sheet is swapped for 60 MiB of deflated zeros declared as such.
  const xlsxBomb = writeZip([
    ...readZipDirectory(workbook)
      .filter((entry) => entry.name !== 'xl/worksheets/sheet1.xml')
      .map((entry) => ({ name: entry.name, data: readZipEntry(workbook, entry) })),
    { name: 'xl/worksheets/sheet1.xml', compressed: await deflatedZeros(60 * 1024 * 1024), declaredSize: 60 * 1024 * 1024 },
  ]);
  const largeSheet = buildXlsx([
    {
      name: 'Parts',
      rows: [['Part', 'Bin', 'Stock'], ...Array.from({ length: 10_000 }, (_, i) => [`P-${String(i + 1).padStart(5, '0')}`, `Bin ${(i % 400) + 1}`, i % 50])],
    },
  ]);
  const bomb = writeZip([
    ...minimalDocxEntries('<w:document/>').slice(0, 2),
    { name: 'word/document.xml', compressed: await deflatedZeros(60 * 1024 * 1024), declaredSize: 60 * 1024 * 1024 },
  ]);
  return [
    { id: 'zero-bytes', name: 'empty.txt', bytes: new Uint8Array(0), expected: { outcome: 'failed', reason: 'empty', message: /: is an empty file$/ } },
    {
      id: 'whitespace-only',
      name: 'blank.md',
      bytes: new TextEncoder().encode(' \n\t\r\n   \u00a0\n\n'),
      expected: { outcome: 'failed', reason: 'empty', message: /: contains no text/ },
    },
    {
      id: 'binary-junk',
      name: 'notes.txt',
      bytes: junk(4096, 7),
      expected: { outcome: 'failed', reason: 'binary', message: /looks like a binary file, not text/ },
    },
    {
      id: 'invalid-utf8',
      name: 'ventas.txt',
      // 0x81 and 0x8D are undefined in Windows-1252, so this is not a legacy Spanish file either.
      bytes: Uint8Array.from([...Buffer.from('Informe de ventas '), 0x81, 0x8d, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, ...Buffer.from(' fin.\n')]),
      expected: { outcome: 'failed', reason: 'invalid_encoding', message: /is not valid UTF-8 \(first invalid byte sequence at offset 18\)/ },
    },
    {
      id: 'truncated-pdf',
      name: 'truncated.pdf',
      bytes: readablePdf.slice(0, Math.floor(readablePdf.length / 2)),
      expected: { outcome: 'failed', reason: 'corrupt', message: /is not a readable PDF/ },
    },
    {
      id: 'encrypted-pdf',
      name: 'locked.pdf',
      bytes: await buildPasswordProtectedPdf(),
      expected: { outcome: 'failed', reason: 'encrypted', message: /is password-protected; remove the password/ },
    },
    {
      id: 'scanned-pdf',
      name: 'scanned.pdf',
      bytes: await buildScannedPdf(2),
      expected: { outcome: 'failed', reason: 'no_text_layer', message: /no text layer: it looks scanned, and OCR read no text on it/ },
    },
    {
      id: 'docx-zip-bomb',
      name: 'bomb.docx',
      bytes: new Uint8Array(bomb),
      expected: { outcome: 'failed', reason: 'too_large', message: /would expand to 60\.0 MiB from 0\.1 MiB .*it may be a zip bomb/ },
    },
    {
      id: 'encrypted-xlsx',
      name: 'locked.xlsx',
      bytes: new Uint8Array(encryptedOfficeFile()),
      expected: { outcome: 'failed', reason: 'encrypted', message: /: is a password-protected Excel workbook; remove the password/ },
    },
    {
      id: 'xlsx-zip-bomb',
      name: 'bomb.xlsx',
      bytes: new Uint8Array(xlsxBomb),
      expected: { outcome: 'failed', reason: 'too_large', message: /would expand to 60\.0 MiB from 0\.1 MiB .*it may be a zip bomb/ },
    },
    {
      id: 'xlsx-10000-rows',
      name: 'parts.xlsx',
      bytes: new Uint8Array(largeSheet),
      // Read whole and chunked by rows: the last row is indexed, in one of many chunks.
      expected: { outcome: 'indexed', text: 'Part: P-10000; Bin: Bin 400; Stock: 49', minChunks: 100 },
    },
    {
      id: 'pdf-page-bomb',
      name: 'pages.pdf',
      bytes: await pageTreeBomb(20_000),
      expected: { outcome: 'failed', reason: 'too_large', message: /: has 20000 pages; the limit is 5000 pages$/ },
    },
    {
      id: 'html-100k-deep',
      name: 'deep.html',
      bytes: new TextEncoder().encode(`<html><body>${'<div>'.repeat(100_000)}<p>The deepest paragraph says the vault code is 4471.</p></body></html>`),
      // The HTML walker is iterative, so depth costs nothing and the text is simply read.
      expected: { outcome: 'indexed', text: 'The deepest paragraph says the vault code is 4471.' },
    },
  ];
}

/** A file one byte over the limit, made of real text so only its size is wrong. */
export function oversizedText(): Uint8Array {
  const line = 'Quarterly figures, repeated until the file is over the upload limit.\n';
  return new TextEncoder().encode(line.repeat(Math.ceil((UPLOAD_LIMIT_BYTES + 1) / line.length))).slice(0, UPLOAD_LIMIT_BYTES + 1);
}

/** A small real PDF, for the inputs whose name, not content, is the test. */
export function namedPdf(text: string): Promise<Uint8Array> {
  return buildPdf([{ lines: [text] }]);
}

/** "pаyroll.pdf" with a Cyrillic а (U+0430): a different, legitimate name that looks like "payroll.pdf". */
export const CONFUSABLE_NAME = 'p\u0430yroll.pdf';
/** 300 bytes: over the 255-byte NAME_MAX of every common file system. */
export const OVERLONG_NAME = `${'l'.repeat(296)}.txt`;
/** 250 bytes: long but legal everywhere. */
export const LONG_LEGAL_NAME = `${'m'.repeat(246)}.txt`;

const TEAMS = [
  'Falcon',
  'Heron',
  'Otter',
  'Lynx',
  'Marten',
  'Ibis',
  'Puffin',
  'Stoat',
  'Gannet',
  'Vole',
  'Wren',
  'Egret',
  'Bison',
  'Tapir',
  'Okapi',
  'Quokka',
  'Dingo',
  'Kestrel',
];

export interface GoodPair {
  team: string;
  code: string;
  files: { name: string; bytes: Uint8Array }[];
  question: string;
}

/** Two good documents (Markdown and Spanish plain text) with a fact only they hold, for the batch numbered `index`. */
export function goodPair(index: number): GoodPair {
  const team = TEAMS[index % TEAMS.length]!;
  const code = String(3000 + index * 17);
  return {
    team,
    code,
    question: `What is the badge code of the ${team} team?`,
    files: [
      {
        name: `${team.toLowerCase()}-guide.md`,
        bytes: new TextEncoder().encode(`# ${team} team guide\n\nThe badge code of the ${team} team is ${code}. Badges open the east entrance.\n`),
      },
      {
        name: `${team.toLowerCase()}-notas.txt`,
        bytes: new TextEncoder().encode(`Notas del equipo ${team}\n\nEl equipo ${team} se reúne los martes a las diez en la sala ${index + 1}.\n`),
      },
    ],
  };
}
