import { chunkDocument } from '#core/chunking/index.js';
import { cleanDocument } from '#core/cleaning/index.js';
import { parseDocument } from '#core/parsing/index.js';
import { buildDocx } from '../../test/fixtures/docx-fixtures.js';
import { buildEpub, buildOdp, buildOds, buildOdt, buildPptx, buildXlsx, odsCell } from '../../test/fixtures/office-fixtures.js';
import { type Measured, measured } from '../stats.js';

export interface FormatIngestRow {
  format: string;
  /** What the generated file holds, e.g. "5,000 rows". */
  content: string;
  bytes: number;
  chunks: number;
  /** Parse, clean and chunk one file; embedding and storage cost the same whatever the format. */
  ms: Measured;
  megabytesPerSecond: Measured;
}

const ROWS = 5_000;
const SLIDES = 200;

/** One generated file per format, of comparable content: a staff list, a deck, a manual. */
async function sampleFiles(): Promise<{ format: string; content: string; name: string; bytes: Uint8Array }[]> {
  const row = (i: number) => [`Employee ${i}`, `Team ${i % 40}`, `Desk ${String.fromCharCode(65 + (i % 26))}-${i % 90}`, i * 7];
  const header = ['Name', 'Team', 'Desk', 'Badge'];
  const rows = Array.from({ length: ROWS }, (_, i) => row(i + 1));
  const csv = [header, ...rows].map((cells) => cells.join(',')).join('\n');
  const slides = Array.from({ length: SLIDES }, (_, i) => ({
    title: `Milestone ${i + 1}`,
    bullets: [`Deliver component ${i + 1} to the integration team`, `Review with the owners of area ${i % 12}`],
    notes: `Risk ${i + 1}: suppliers may be late by ${i % 5} weeks.`,
  }));
  const paragraphs = Array.from(
    { length: 400 },
    (_, i) => `Section ${i + 1} explains the procedure for request type ${i}, who approves it and how long it takes.`,
  );
  const chapters = Array.from({ length: 20 }, (_, c) => ({
    title: `Chapter ${c + 1}`,
    bodyHtml: paragraphs
      .slice(c * 20, c * 20 + 20)
      .map((p) => `<p>${p}</p>`)
      .join(''),
  }));
  const text = (value: string) => new TextEncoder().encode(value);
  return [
    { format: 'xlsx', content: `${ROWS.toLocaleString('en')} rows`, name: 'staff.xlsx', bytes: buildXlsx([{ name: 'Staff', rows: [header, ...rows] }]) },
    {
      format: 'ods',
      content: `${ROWS.toLocaleString('en')} rows`,
      name: 'staff.ods',
      bytes: buildOds(
        `<table:table table:name="Staff">${[header, ...rows].map((cells) => `<table:table-row>${cells.map((cell) => odsCell(String(cell))).join('')}</table:table-row>`).join('')}</table:table>`,
      ),
    },
    { format: 'csv', content: `${ROWS.toLocaleString('en')} rows`, name: 'staff.csv', bytes: text(csv) },
    { format: 'pptx', content: `${SLIDES} slides with notes`, name: 'plan.pptx', bytes: buildPptx(slides) },
    { format: 'odp', content: `${SLIDES} slides with notes`, name: 'plan.odp', bytes: buildOdp(slides) },
    { format: 'docx', content: '400 paragraphs', name: 'manual.docx', bytes: await buildDocx(paragraphs.map((paragraph) => ({ paragraph }))) },
    { format: 'odt', content: '400 paragraphs', name: 'manual.odt', bytes: buildOdt(paragraphs.map((p) => `<text:p>${p}</text:p>`).join('')) },
    { format: 'epub', content: '20 chapters, 400 paragraphs', name: 'manual.epub', bytes: buildEpub('Manual', chapters) },
    {
      format: 'json',
      content: `${ROWS.toLocaleString('en')} records`,
      name: 'staff.json',
      bytes: text(JSON.stringify(rows.map(([name, team, desk, badge]) => ({ name, team, desk, badge })))),
    },
    { format: 'md', content: '400 paragraphs', name: 'manual.md', bytes: text(paragraphs.join('\n\n')) },
  ];
}

/** Parse + clean + chunk time per format, `repetitions` times after one untimed warm-up. */
export async function measureFormatIngest(repetitions: number, log: (line: string) => void): Promise<FormatIngestRow[]> {
  const rows: FormatIngestRow[] = [];
  for (const file of await sampleFiles()) {
    const once = async () => {
      const started = performance.now();
      const document = cleanDocument(await parseDocument({ source: file.name, bytes: file.bytes }));
      const chunks = chunkDocument(document).length;
      return { ms: performance.now() - started, chunks };
    };
    const { chunks } = await once();
    const times: number[] = [];
    for (let repetition = 0; repetition < repetitions; repetition += 1) times.push((await once()).ms);
    const row: FormatIngestRow = {
      format: file.format,
      content: file.content,
      bytes: file.bytes.byteLength,
      chunks,
      ms: measured(times),
      megabytesPerSecond: measured(times.map((ms) => file.bytes.byteLength / 1_048_576 / (ms / 1000))),
    };
    log(`  ${file.format}: ${file.content}, ${(row.bytes / 1024).toFixed(0)} KiB → ${chunks} chunks in ${row.ms.median.toFixed(0)} ms`);
    rows.push(row);
  }
  return rows;
}
