import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import { startTestStack } from '../support/local-stack-harness.js';
import { makeTempDir } from '../support/temp-dir.js';
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
import { type SftpAccount, createSftpAccount, openSshBatch, rawSftpPut, sftpUsersJson } from './support/sftp-clients.js';
import { expectAllOrNothing, expectServing, finalResultsFor } from './support/stack-checks.js';
import { chunkBodies } from './support/store-invariants.js';

/**
 * Bad input dropped over SFTP with the real OpenSSH client (and, for names OpenSSH cannot
 * send, the ssh2 client). Each file is its own job, found through `GET /api/jobs`. A file the
 * server refuses at upload (too large, a name the folder cannot hold) fails the client's
 * command and is never announced; the rest of the session's files are ingested.
 */
const contentInputs = await buildContentInputs();
const { PERMISSION_DENIED, NO_SUCH_FILE } = ssh2.utils.sftp.STATUS_CODE;

describe('bad input over SFTP', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let alice: SftpAccount;
  const logs: string[] = [];
  let batch = 0;

  beforeAll(async () => {
    temp = await makeTempDir('rag-sftp-bad-');
    alice = await createSftpAccount(temp.dir, 'alice');
    t = await startTestStack(
      { RAG_SFTP_USERS: sftpUsersJson([alice]), RAG_MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT_BYTES), RAG_RATE_LIMIT_PER_MINUTE: '0' },
      { log: (line) => logs.push(line) },
    );
  });

  afterAll(async () => {
    await t?.close();
    await temp?.cleanup();
  });

  const key = (name: string) => `alice/${name}`;
  const sftpOptions = () => ({ port: t.stack.sftpPort!, hostPublicKey: t.stack.sftpHostPublicKey!, account: alice });

  /**
   * One session: good file, the bad file (its `put` may fail without ending the session), good file.
   * `remoteName` is where the client is told to put the bad file.
   */
  async function sendBatch(bad: { name: string; bytes: Uint8Array; remoteName?: string }) {
    const good = goodPair(batch++);
    const dir = path.join(temp.dir, `batch-${batch}`);
    await mkdir(dir);
    for (const file of [...good.files, { name: 'bad-input', bytes: bad.bytes }]) await writeFile(path.join(dir, file.name), file.bytes);
    const result = await openSshBatch({
      ...sftpOptions(),
      cwd: dir,
      commands: [`put ${good.files[0]!.name}`, `-put bad-input "${bad.remoteName ?? bad.name}"`, `put ${good.files[1]!.name}`],
    });
    return { good, result };
  }

  /** Keys outside alice's folder, and every file name anywhere in the stack's data folder. */
  async function everythingStored(): Promise<{ outside: string[]; names: string[] }> {
    const objects = await t.stack.objects.list();
    const names = (await readdir(t.dataDir, { recursive: true })).map((entry) => path.basename(entry));
    return { outside: objects.map((object) => object.key).filter((objectKey) => !objectKey.startsWith('alice/')), names };
  }

  test.each(contentInputs.map((input) => [input.id, input]))(
    '%s: a job result that names the file and the reason; the rest of the batch is indexed',
    async (_, input) => {
      // act
      const { good, result } = await sendBatch(input);
      const results = await finalResultsFor(t.url, [key(good.files[0]!.name), key(input.name), key(good.files[1]!.name)]);

      // assess: the upload itself succeeded; ingestion judged the file
      expect(result).toMatchObject({ ok: true, stderr: '' });
      const outcome = results.get(key(input.name))!;
      if (input.expected.outcome === 'failed') {
        expect(outcome).toMatchObject({ status: 'failed', errorCode: input.expected.reason, chunks: 0 });
        expect(outcome.error!.startsWith(`${key(input.name)}: `)).toBe(true);
        expect(outcome.error).toMatch(input.expected.message);
      } else {
        expect(outcome).toMatchObject({ status: 'indexed' });
        expect((await chunkBodies(t.stack.runtime.db, key(input.name))).join(' ')).toContain(input.expected.text);
      }
      for (const file of good.files) expect(results.get(key(file.name))?.status).toBe('indexed');
      await expectServing(t.url, good, key(good.files[0]!.name));
      await expectAllOrNothing(t.stack.runtime.db, input.expected.outcome === 'failed' ? [key(input.name)] : []);
    },
  );

  test.each([
    [
      'a file over the upload limit',
      'big.txt',
      oversizedText(),
      /write remote "\/big\.txt": Failure/,
      'sftp: alice/big.txt refused: larger than the 0.5 MB limit per file',
    ],
    ['a name over 255 bytes', OVERLONG_NAME, new TextEncoder().encode('Anything.'), /: Failure/, undefined],
    ['a name with ../', '../escape.txt', new TextEncoder().encode('Anything.'), /dest open "\/\.\.\/escape\.txt": Permission denied/, undefined],
    [
      'an absolute path outside the folder',
      '/etc/passwd',
      new TextEncoder().encode('Anything.'),
      /dest open "\/etc\/passwd": No such file or directory/,
      undefined,
    ],
  ])('%s: the client is refused, nothing is stored or announced; the rest of the session is indexed', async (_, name, bytes, clientError, serverLog) => {
    // act
    const { good, result } = await sendBatch({ name, bytes });
    const results = await finalResultsFor(
      t.url,
      good.files.map((file) => key(file.name)),
    );

    // assess: the refusal reached the client, and the server says why
    expect(result.ok).toBe(true); // "-put": the session went on
    expect(result.stderr).toMatch(clientError);
    if (serverLog) expect(logs).toContain(serverLog);
    // nothing stored under the bad name, nothing outside the folder, no job for it
    const stored = await everythingStored();
    expect(stored.outside).toEqual([]);
    expect(stored.names).not.toContain(path.posix.basename(name));
    expect(stored.names.some((file) => file.startsWith('.big.txt') || file.endsWith('.part'))).toBe(false);
    const jobRows = await t.stack.runtime.db.query('SELECT source FROM job_documents WHERE source LIKE $1', [`%${path.posix.basename(name).slice(0, 40)}%`]);
    expect(jobRows).toEqual([]);
    // the rest of the session
    for (const file of good.files) expect(results.get(key(file.name))?.status).toBe('indexed');
    await expectServing(t.url, good, key(good.files[0]!.name));
    await expectAllOrNothing(t.stack.runtime.db, []);
  });

  test('an absolute path inside the folder stays inside it: "/abs.txt" is alice/abs.txt', async () => {
    const { good, result } = await sendBatch({
      name: 'abs.txt',
      remoteName: '/abs.txt',
      bytes: new TextEncoder().encode('Absolute paths are relative to your folder.\n'),
    });
    const results = await finalResultsFor(t.url, [key('abs.txt'), ...good.files.map((file) => key(file.name))]);

    expect(result).toMatchObject({ ok: true, stderr: '' });
    expect(results.get(key('abs.txt'))).toMatchObject({ status: 'indexed' });
    expect((await everythingStored()).outside).toEqual([]);
  });

  test.each([
    ['NUL in the name', 'report\u0000.txt', PERMISSION_DENIED, 'Path is outside your folder'],
    ['../ above the folder', '../../escape.txt', PERMISSION_DENIED, 'Path is outside your folder'],
    ['an absolute path above the folder', '/../../../tmp/escape.txt', PERMISSION_DENIED, 'Path is outside your folder'],
    ['a path into a folder that does not exist', '/etc/cron.d/job', NO_SUCH_FILE, 'No such file or directory'],
  ])('raw SFTP name with %s: refused by the server, nothing stored anywhere', async (_, remotePath, status, message) => {
    // act
    const outcome = await rawSftpPut({ ...sftpOptions(), remotePath, bytes: new TextEncoder().encode('Anything.') });

    // assess
    expect(outcome).toMatchObject({ ok: false, code: status, message });
    const stored = await everythingStored();
    expect(stored.outside).toEqual([]);
    expect(stored.names).not.toContain(path.posix.basename(remotePath));
    expect(stored.names).not.toContain('report');
  });

  test('a Unicode-confusable name is a legitimate, different name: indexed, stored and shown exactly as sent', async () => {
    const { good, result } = await sendBatch({
      name: CONFUSABLE_NAME,
      bytes: await namedPdf('Nomina: payroll questions go to the finance desk on floor three.'),
    });
    const results = await finalResultsFor(t.url, [key(CONFUSABLE_NAME), ...good.files.map((file) => key(file.name))]);

    expect(result).toMatchObject({ ok: true, stderr: '' });
    expect(results.get(key(CONFUSABLE_NAME))).toMatchObject({ status: 'indexed' });
    const listed = (await (await fetch(`${t.url}/api/documents`)).json()) as { source: string }[];
    expect(listed.map((document) => document.source)).toContain(key(CONFUSABLE_NAME));
    expect(listed.map((document) => document.source)).not.toContain(key('payroll.pdf'));
    await expectServing(t.url, good, key(good.files[0]!.name));
  });

  test('a long but legal name (250 bytes) is stored and indexed', async () => {
    const { good, result } = await sendBatch({ name: LONG_LEGAL_NAME, bytes: new TextEncoder().encode('A file with a long name holds a short text.\n') });
    const results = await finalResultsFor(t.url, [key(LONG_LEGAL_NAME), ...good.files.map((file) => key(file.name))]);

    expect(result).toMatchObject({ ok: true, stderr: '' });
    expect(results.get(key(LONG_LEGAL_NAME))).toMatchObject({ status: 'indexed' });
    await expectServing(t.url, good, key(good.files[0]!.name));
    await expectAllOrNothing(t.stack.runtime.db, []);
  });
});
