import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, makeTempDir } from '../support/temp-dir.js';

const run = promisify(execFile);

async function rag(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(REPO_ROOT, 'bin/rag.js'), ...args], {
      cwd: path.dirname(dataDir),
      env: { ...process.env, RAG_DATA_DIR: dataDir, NODE_OPTIONS: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('rag CLI', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let dataDir: string;
  let docs: string;

  beforeAll(async () => {
    temp = await makeTempDir();
    dataDir = path.join(temp.dir, '.rag');
    docs = path.join(temp.dir, 'docs');
    await mkdir(path.join(docs, 'handbook'), { recursive: true });
    await writeFile(
      path.join(docs, 'handbook', 'travel.md'),
      '# Travel policy\n\n## Flights\n\nInternational flights must be booked at least 21 days in advance.\n',
    );
    await writeFile(path.join(docs, 'vacaciones.txt'), 'Política de vacaciones\n\nCada empleado tiene veintidós días hábiles de vacaciones al año.\n');
    await writeFile(path.join(docs, 'empty.txt'), '   ');
  });

  afterAll(async () => {
    await temp.cleanup();
  });

  test('ingest → ask → jobs → documents → delete, with JSON output and exit codes', async () => {
    // act: ingest a folder with one bad file
    const ingest = await rag(dataDir, 'ingest', docs, '--json');
    const ingested = JSON.parse(ingest.stdout) as {
      jobId: string;
      status: string;
      documents: { source: string; status: string; chunks: number; error?: string; documentId?: string }[];
    };

    // assess: the good documents are indexed, the bad one names its reason, exit 1 for partial failure
    expect(ingest.code).toBe(1);
    expect(ingested.status).toBe('partially_failed');
    const bySource = Object.fromEntries(ingested.documents.map((d) => [d.source, d]));
    expect(bySource['docs/handbook/travel.md']).toMatchObject({ status: 'indexed', chunks: 1 });
    expect(bySource['docs/vacaciones.txt']).toMatchObject({ status: 'indexed' });
    expect(bySource['docs/empty.txt']).toMatchObject({ status: 'failed', chunks: 0 });
    expect(bySource['docs/empty.txt']!.error).toMatch(/^docs\/empty\.txt: contains no text/);

    // act: ask in English and in Spanish
    const ask = await rag(dataDir, 'ask', 'How far in advance must international flights be booked?', '--json');
    const answer = JSON.parse(ask.stdout);
    const pregunta = await rag(dataDir, 'ask', '¿Cuántos días de vacaciones tiene cada empleado?', '--json');
    const respuesta = JSON.parse(pregunta.stdout);

    // assess
    expect(ask.code).toBe(0);
    expect(answer).toMatchObject({ intent: 'question', language: 'en' });
    expect(answer.citations[0]).toMatchObject({ n: 1, source: 'docs/handbook/travel.md', title: 'Travel policy', heading: 'Travel policy › Flights' });
    expect(answer.answer).toContain('21 days');
    expect(answer.answer).toContain('[1]');
    expect(answer.timingsMs).toEqual(
      expect.objectContaining({ improve: expect.any(Number), retrieve: expect.any(Number), answer: expect.any(Number), total: expect.any(Number) }),
    );
    expect(respuesta).toMatchObject({ language: 'es' });
    expect(respuesta.citations[0].source).toBe('docs/vacaciones.txt');

    // act + assess: a question the documents touch but do not answer lists the closest passages, unlabelled
    const missing = await rag(dataDir, 'ask', 'Who pays the hotel on international trips?');
    expect(missing.code).toBe(0);
    expect(missing.stdout).toContain("I couldn't find that in the documents.");
    expect(missing.stdout).toMatch(/Closest passages:\n1\. Travel policy — Travel policy › Flights \(docs\/handbook\/travel\.md\)\n {3}International flights/);
    expect(missing.stdout).not.toContain('Extractive answer');

    // act + assess: jobs, documents, delete
    const job = JSON.parse((await rag(dataDir, 'jobs', ingested.jobId, '--json')).stdout);
    expect(job).toMatchObject({ id: ingested.jobId, status: 'partially_failed' });
    expect(job.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['received', 'parsed', 'chunked', 'embedded', 'stored', 'failed']));
    const listed = await rag(dataDir, 'jobs');
    expect(listed.stdout).toContain(ingested.jobId);
    const documents = JSON.parse((await rag(dataDir, 'documents', '--json')).stdout) as { source: string }[];
    expect(documents.map((d) => d.source)).toEqual(['docs/handbook/travel.md', 'docs/vacaciones.txt']);
    const deleted = await rag(dataDir, 'delete', 'docs/vacaciones.txt');
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain('Deleted docs/vacaciones.txt');
    const again = await rag(dataDir, 'delete', 'docs/vacaciones.txt');
    expect(again.code).toBe(1);

    // act + assess: re-ingesting unchanged files writes nothing
    const reingest = JSON.parse((await rag(dataDir, 'ingest', path.join(docs, 'handbook'), '--json')).stdout);
    expect(reingest.documents).toEqual([expect.objectContaining({ source: 'handbook/travel.md', status: 'indexed' })]);
    const same = JSON.parse((await rag(dataDir, 'ingest', path.join(docs, 'handbook'), '--json')).stdout);
    expect(same.documents[0].status).toBe('unchanged');
  }, 240_000);

  test.each([
    [['ingest'], 'missing required argument'],
    [['ingest', '/no/such/folder'], 'No such file or folder'],
    [['frobnicate'], 'unknown command'],
    [['ask', 'hi', '--k', 'zero'], '--k must be an integer'],
    [['ask', ''], 'the question is empty'],
    [['ask', '   '], 'the question is empty'],
  ])('usage error %j exits 2', async (args, message) => {
    const result = await rag(dataDir, ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('rag ask, as text', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let dataDir: string;

  beforeAll(async () => {
    temp = await makeTempDir();
    dataDir = path.join(temp.dir, '.rag');
    const docs = path.join(temp.dir, 'docs');
    await mkdir(docs, { recursive: true });
    await writeFile(path.join(docs, 'travel.md'), '# Travel policy\n\nInternational flights must be booked at least 21 days in advance.\n');
    const ingest = await rag(dataDir, 'ingest', docs);
    if (ingest.code !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
  }, 120_000);

  afterAll(async () => {
    await temp.cleanup();
  });

  test.each([
    ['a quoted answer', 'How far in advance must international flights be booked?', true],
    ['a not-found reply', 'Can interns claim taxi receipts after international flights?', false],
  ])(
    'labels %s as extractive only when it quotes something',
    async (_case, question, labelled) => {
      // act
      const ask = await rag(dataDir, 'ask', question);

      // assess
      expect(ask.code).toBe(0);
      expect(ask.stdout.includes('Extractive answer')).toBe(labelled);
      if (!labelled) expect(ask.stdout).toContain("I couldn't find that in the documents.");
    },
    60_000,
  );
});
