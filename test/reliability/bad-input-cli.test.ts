import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '#core/config/rag-config.js';
import { type RagRuntime, openRagRuntime } from '#core/runtime/index.js';
import { makeTempDir } from '../support/temp-dir.js';
import {
  CONFUSABLE_NAME,
  type ContentExpectation,
  LONG_LEGAL_NAME,
  UPLOAD_LIMIT_BYTES,
  buildContentInputs,
  goodPair,
  namedPdf,
  oversizedText,
} from './support/bad-inputs.js';
import { type CliResult, rag } from './support/rag-cli.js';
import { chunkBodies, inconsistentDocuments, orphanChunks, rowsOf } from './support/store-invariants.js';

/**
 * Bad input through `rag ingest --json`. Each input gets its own batch folder with two good
 * documents; one `rag ingest` run takes every folder (a process start costs seconds), so the
 * bad files are processed side by side with good ones. The CLI takes real paths: a NUL or a
 * name over 255 bytes cannot reach it, while `..` and absolute paths are how folders are named.
 * Exit code 1 means some document failed.
 */
const contentInputs = await buildContentInputs();

interface Case {
  id: string;
  name: string;
  bytes: Uint8Array;
  expected: ContentExpectation;
  /** How the folder is named on the command line. */
  argument?: (folder: string, root: string) => string;
}

const text = (value: string) => new TextEncoder().encode(value);
const cases: Case[] = [
  ...contentInputs,
  {
    id: 'over-size-limit',
    name: 'big.txt',
    bytes: oversizedText(),
    expected: { outcome: 'failed', reason: 'too_large', message: /: file is 0\.5 MB, over the 0\.5 MB limit per file$/ },
  },
  {
    id: 'confusable-name',
    name: CONFUSABLE_NAME,
    bytes: await namedPdf('Nomina: payroll questions go to the finance desk on floor three.'),
    expected: { outcome: 'indexed', text: 'finance desk on floor three' },
  },
  {
    id: 'long-legal-name',
    name: LONG_LEGAL_NAME,
    bytes: text('A file with a long name holds a short text.\n'),
    expected: { outcome: 'indexed', text: 'long name holds a short text' },
  },
  {
    id: 'path-with-dot-dot',
    name: 'climb.txt',
    bytes: text('Reached through a path that climbs out and back in.\n'),
    expected: { outcome: 'indexed', text: 'climbs out and back in' },
    argument: (folder) => path.join('docs', folder, '..', '..', 'docs', folder),
  },
  {
    id: 'absolute-path',
    name: 'absolute.txt',
    bytes: text('Reached through an absolute path.\n'),
    expected: { outcome: 'indexed', text: 'through an absolute path' },
    argument: (folder, root) => path.join(root, 'docs', folder),
  },
];

interface IngestOutput {
  jobId: string;
  status: string;
  documents: { source: string; status: string; chunks: number; error?: string }[];
}

describe('bad input with rag ingest', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let dataDir: string;
  let ingest: CliResult;
  let output: IngestOutput;
  const env = { RAG_MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT_BYTES) };
  const goods = cases.map((_, index) => goodPair(index));
  const folderOf = (index: number) => `batch-${index + 1}`;

  beforeAll(async () => {
    temp = await makeTempDir('rag-cli-bad-');
    dataDir = path.join(temp.dir, '.rag');
    const root = temp.dir;
    const folders: string[] = [];
    for (const [index, input] of cases.entries()) {
      const folder = path.join(root, 'docs', folderOf(index));
      await mkdir(folder, { recursive: true });
      for (const file of [...goods[index]!.files, input]) await writeFile(path.join(folder, file.name), file.bytes);
      folders.push(input.argument ? input.argument(folderOf(index), root) : path.join('docs', folderOf(index)));
    }
    ingest = await rag({ dataDir, cwd: root, env }, 'ingest', ...folders, '--json');
    output = JSON.parse(ingest.stdout) as IngestOutput;
  });

  afterAll(async () => {
    await temp?.cleanup();
  });

  const resultOf = (source: string) => output.documents.find((document) => document.source === source);

  test('exits 1 with a partially failed job, and every document has a result', () => {
    expect(ingest.code).toBe(1);
    expect(output.status).toBe('partially_failed');
    expect(output.documents).toHaveLength(cases.length * 3);
  });

  test.each(cases.map((input, index) => [input.id, input, index] as const))(
    '%s: a result that names the file and the reason; the rest of its batch is indexed',
    (_, input, index) => {
      const source = `${folderOf(index)}/${input.name}`;
      const outcome = resultOf(source)!;

      if (input.expected.outcome === 'failed') {
        expect(outcome).toMatchObject({ status: 'failed', chunks: 0 });
        expect(outcome.error!.startsWith(`${source}: `)).toBe(true);
        expect(outcome.error).toMatch(input.expected.message);
      } else {
        // Exactly as on disk: no "..", no leading "/", the confusable letter kept.
        expect(outcome).toMatchObject({ source, status: 'indexed' });
        expect(outcome.chunks).toBeGreaterThanOrEqual(input.expected.minChunks ?? 1);
      }
      for (const file of goods[index]!.files) expect(resultOf(`${folderOf(index)}/${file.name}`)?.status).toBe('indexed');
    },
  );

  test('afterwards the data folder holds no row of a failed document, every stored document is whole, and each job result has its reason', async () => {
    const runtime: RagRuntime = await openRagRuntime(loadConfig({ RAG_DATA_DIR: dataDir, RAG_SAMPLE: '0', ...env }), { purpose: 'reliability test' });
    try {
      for (const [index, input] of cases.entries()) {
        const source = `${folderOf(index)}/${input.name}`;
        if (input.expected.outcome === 'failed') {
          expect({ source, ...(await rowsOf(runtime.db, source)) }).toEqual({ source, documents: 0, chunks: 0 });
          expect(await runtime.db.query('SELECT error_code FROM job_documents WHERE source = $1', [source])).toEqual([{ error_code: input.expected.reason }]);
        } else {
          expect((await chunkBodies(runtime.db, source)).join(' ')).toContain(input.expected.text);
        }
      }
      expect(await inconsistentDocuments(runtime.db)).toEqual([]);
      expect(await orphanChunks(runtime.db)).toBe(0);
    } finally {
      await runtime.close();
    }
  });

  test('then still answers a question from the good documents of a batch', async () => {
    const good = goods.at(-1)!;
    const asked = await rag({ dataDir, cwd: temp.dir, env }, 'ask', good.question, '--json');

    expect(asked.code).toBe(0);
    expect(JSON.parse(asked.stdout).answer).toContain(good.code);
  });
});
