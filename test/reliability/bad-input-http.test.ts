import { startTestStack, uploadFiles, waitForJob } from '../support/local-stack-harness.js';
import {
  CONFUSABLE_NAME,
  LONG_LEGAL_NAME,
  OVERLONG_NAME,
  UPLOAD_LIMIT_BYTES,
  buildContentInputs,
  goodPair,
  namedPdf,
  oversizedText,
} from './support/bad-inputs.js';
import { expectAllOrNothing, expectServing } from './support/stack-checks.js';
import { chunkBodies } from './support/store-invariants.js';

/**
 * Bad input over HTTP (`POST /api/documents`). Every batch holds the bad file and two good
 * documents. A file the pipeline cannot read is a failed result on the job, naming the file and
 * the reason; a request the API refuses (bad name, over the limit) is a 4xx JSON error and
 * nothing of it is accepted, so the client resends the good files alone.
 */
const contentInputs = await buildContentInputs();
const PREFIX = 'api-uploads/';

type Job = Awaited<ReturnType<typeof waitForJob>> & { documents: { source: string; status: string; errorCode?: string; error?: string; chunks: number }[] };

describe('bad input over HTTP', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  let batch = 0;

  beforeAll(async () => {
    t = await startTestStack({ RAG_MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT_BYTES), RAG_RATE_LIMIT_PER_MINUTE: '0' });
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Uploads the bad file between two good ones; returns the response and, once accepted, the finished job. */
  async function sendBatch(bad: { name: string; bytes: Uint8Array }) {
    const good = goodPair(batch++);
    const response = await uploadFiles(t.url, [
      { name: good.files[0]!.name, content: good.files[0]!.bytes },
      { name: bad.name, content: bad.bytes },
      { name: good.files[1]!.name, content: good.files[1]!.bytes },
    ]);
    const body = (await response.json()) as { jobId?: string; error?: { code: string; message: string } };
    const job = response.status === 202 ? ((await waitForJob(t.url, body.jobId!)) as Job) : undefined;
    return { good, response, body, job };
  }

  /** The good files of a request whose exact bytes are in the object store (names repeat across requests; contents do not). */
  async function storedFromRequest(good: ReturnType<typeof goodPair>): Promise<string[]> {
    const kept: string[] = [];
    for (const file of good.files) {
      const stored = await t.stack.objects.get(`${PREFIX}${file.name}`);
      if (stored && Buffer.from(stored).equals(Buffer.from(file.bytes))) kept.push(file.name);
    }
    return kept;
  }

  const jobCount = async () => Number((await t.stack.runtime.db.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs'))[0]!.n);

  test.each(contentInputs.map((input) => [input.id, input]))(
    '%s: a job result that names the file and the reason; the rest of the batch is indexed',
    async (_, input) => {
      // act
      const { good, response, job } = await sendBatch(input);

      // assess: the bad file's own result
      expect(response.status).toBe(202);
      const result = job!.documents.find((document) => document.source === `${PREFIX}${input.name}`)!;
      if (input.expected.outcome === 'failed') {
        expect(result).toMatchObject({ status: 'failed', errorCode: input.expected.reason, chunks: 0 });
        expect(result.error!.startsWith(`${PREFIX}${input.name}: `)).toBe(true);
        expect(result.error).toMatch(input.expected.message);
        expect(job!.status).toBe('partially_failed');
      } else {
        expect(result).toMatchObject({ status: 'indexed' });
        expect((await chunkBodies(t.stack.runtime.db, result.source)).join(' ')).toContain(input.expected.text);
      }
      // assess: the good documents, the service, the rows
      for (const file of good.files) expect(job!.documents.find((document) => document.source === `${PREFIX}${file.name}`)?.status).toBe('indexed');
      await expectServing(t.url, good, `${PREFIX}${good.files[0]!.name}`);
      await expectAllOrNothing(t.stack.runtime.db, input.expected.outcome === 'failed' ? [result.source] : []);
    },
  );

  test.each([
    ['a name with ../', '../escape.txt', /File name "\.\.\/escape\.txt" must not contain a path/],
    ['an absolute path', '/etc/passwd', /File name "\/etc\/passwd" must not contain a path/],
    ['a name with NUL', 'report\u0000.txt', /File name "report\\\\0\.txt" contains control characters/],
    ['a name over 255 bytes', OVERLONG_NAME, /File name is longer than 255 bytes/],
  ])('%s: 400 invalid_file_name, nothing of the request accepted; the good files alone then index', async (_, name, message) => {
    // prepare
    const jobsBefore = await jobCount();

    // act
    const { good, response, body } = await sendBatch({ name, bytes: new TextEncoder().encode('Anything at all.') });

    // assess: a clear JSON refusal, and no job, document or row from the request
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body.error!.code).toBe('invalid_file_name');
    expect(body.error!.message).toMatch(message);
    expect(await jobCount()).toBe(jobsBefore);
    const listed = (await (await fetch(`${t.url}/api/documents`)).json()) as { source: string }[];
    expect(listed.map((document) => document.source)).not.toContain(`${PREFIX}${good.files[0]!.name}`);
    await expectAllOrNothing(t.stack.runtime.db, [`${PREFIX}${good.files[0]!.name}`, `${PREFIX}${good.files[1]!.name}`]);
    expect((await t.stack.objects.list()).filter((object) => !object.key.startsWith(PREFIX))).toEqual([]);

    // act + assess: the client resends the rest, and it is indexed
    const resent = await uploadFiles(
      t.url,
      good.files.map((file) => ({ name: file.name, content: file.bytes })),
    );
    const job = await waitForJob(t.url, ((await resent.json()) as { jobId: string }).jobId);
    expect(job.status).toBe('succeeded');
    await expectServing(t.url, good, `${PREFIX}${good.files[0]!.name}`);
  });

  test('a file over the upload limit is refused alone, by name and size in MB; its batch-mates are indexed', async () => {
    // act
    const { good, response, body, job } = await sendBatch({ name: 'big.txt', bytes: oversizedText() });

    // assess
    expect(response.status).toBe(202);
    expect((body as { refused?: unknown }).refused).toEqual([
      { name: 'big.txt', code: 'too_large', reason: 'big.txt: the file is larger than the 0.5 MB limit per file.' },
    ]);
    expect(job!.status).toBe('succeeded');
    expect(job!.documents.map((document) => document.source).sort()).toEqual(good.files.map((file) => `${PREFIX}${file.name}`).sort());
    expect(await storedFromRequest(good)).toEqual(good.files.map((file) => file.name));
    expect(await t.stack.objects.get(`${PREFIX}big.txt`)).toBeUndefined();
    await expectServing(t.url, good, `${PREFIX}${good.files[0]!.name}`);
  });

  test('an upload of only oversized files: 413 payload_too_large as JSON naming each file in MB; no job', async () => {
    // prepare
    const jobsBefore = await jobCount();

    // act
    const response = await uploadFiles(t.url, [
      { name: 'big.txt', content: oversizedText() },
      { name: 'bigger.txt', content: oversizedText() },
    ]);
    const body = (await response.json()) as { error?: { code: string; message: string } };

    // assess
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body.error).toEqual({
      code: 'payload_too_large',
      message: 'big.txt: the file is larger than the 0.5 MB limit per file. bigger.txt: the file is larger than the 0.5 MB limit per file.',
    });
    expect(await jobCount()).toBe(jobsBefore);
  });

  test('a Unicode-confusable name is a legitimate, different name: indexed, stored and shown exactly as sent', async () => {
    // prepare: the Latin look-alike is already indexed, with other content
    const latin = await uploadFiles(t.url, [{ name: 'payroll.pdf', content: await namedPdf('Payroll runs on the last working day of the month.') }]);
    await waitForJob(t.url, ((await latin.json()) as { jobId: string }).jobId);

    // act
    const { good, job } = await sendBatch({ name: CONFUSABLE_NAME, bytes: await namedPdf('Nomina: payroll questions go to the finance desk on floor three.') });

    // assess: two documents, the confusable one under its exact (NFC) name everywhere it is shown
    const source = `${PREFIX}${CONFUSABLE_NAME}`;
    expect(source).toBe(source.normalize('NFC'));
    expect(job!.documents.find((document) => document.source === source)).toMatchObject({ status: 'indexed' });
    const listed = (await (await fetch(`${t.url}/api/documents`)).json()) as { source: string; title: string }[];
    expect(
      listed
        .filter((document) => document.source.endsWith('yroll.pdf'))
        .map((document) => document.source)
        .sort(),
    ).toEqual([`${PREFIX}payroll.pdf`, source].sort());
    expect(listed.find((document) => document.source === source)!.title).toBe('p\u0430yroll');
    expect(await chunkBodies(t.stack.runtime.db, `${PREFIX}payroll.pdf`)).toEqual(['Payroll runs on the last working day of the month.']);
    await expectServing(t.url, good, `${PREFIX}${good.files[0]!.name}`);
    await expectAllOrNothing(t.stack.runtime.db, []);
  });

  test('a decomposed (NFD) name is stored and shown in NFC', async () => {
    // act
    const { job } = await sendBatch({ name: 'informe-cafe\u0301.txt', bytes: new TextEncoder().encode('Informe del café de la oficina.\n') });

    // assess
    expect(job!.documents.map((document) => document.source)).toContain(`${PREFIX}informe-caf\u00e9.txt`);
    expect(await t.stack.runtime.store.findDocumentBySource(`${PREFIX}informe-caf\u00e9.txt`)).toMatchObject({ source: `${PREFIX}informe-caf\u00e9.txt` });
  });

  // The object store writes a temporary file beside the object first; its name must not push a legal name over 255 bytes.
  test('a long but legal name (250 bytes) is accepted and indexed, never a 500', async () => {
    const { good, response, job } = await sendBatch({ name: LONG_LEGAL_NAME, bytes: new TextEncoder().encode('A file with a long name holds a short text.') });

    expect(response.status).toBe(202);
    expect(job!.documents.find((document) => document.source === `${PREFIX}${LONG_LEGAL_NAME}`)).toMatchObject({ status: 'indexed' });
    await expectServing(t.url, good, `${PREFIX}${good.files[0]!.name}`);
  });

  // Parts are staged and stored only when the whole request is accepted.
  test('a refused request leaves none of its files in the object store', async () => {
    const { good, response } = await sendBatch({ name: '../escape.txt', bytes: new TextEncoder().encode('x') });

    expect(response.status).toBe(400);
    expect(await storedFromRequest(good)).toEqual([]);
  });
});
