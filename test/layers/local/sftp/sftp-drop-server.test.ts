import { randomBytes } from 'node:crypto';
import { lstat, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { BOB_PASSWORD, MAX_FILE_BYTES, useSftpDropServer } from './sftp-drop-harness.js';

describe('SFTP drop server: uploads and the S3-shaped events they announce', () => {
  const drop = useSftpDropServer();
  const { created, deleted, logLines, sftpBatch, withPasswordSession, aliceFile, localFile } = drop;

  test('put announces the object once with its key and size, and writes the bytes', async () => {
    // prepare
    const content = randomBytes(70_000);
    const local = await localFile('report.pdf', content);

    // act
    const result = await sftpBatch([`put ${local} report.pdf`, 'bye']);

    // assess
    expect(result).toMatchObject({ ok: true });
    expect(created).toEqual([{ key: 'alice/report.pdf', size: content.length, user: 'alice' }]);
    expect(await readFile(aliceFile('report.pdf'))).toEqual(content);
  });

  test('mkdir, put into it, ls, get back, rename and rm produce the S3-like events', async () => {
    // prepare
    const local = await localFile('x.txt', 'hola, mundo\n');
    const back = path.join(drop.localDir, 'x-back.txt');

    // act
    const result = await sftpBatch([
      'mkdir sub',
      `put ${local} /sub/x.txt`,
      'ls sub',
      `get sub/x.txt ${back}`,
      'rename sub/x.txt sub/y.txt',
      'rm /sub/y.txt',
      'bye',
    ]);

    // assess
    expect(result).toMatchObject({ ok: true });
    expect(result.stdout).toMatch(/sub\/x\.txt/);
    expect(await readFile(back, 'utf8')).toBe('hola, mundo\n');
    expect(created).toEqual([
      { key: 'alice/sub/x.txt', size: 12, user: 'alice' },
      { key: 'alice/sub/y.txt', size: 12, user: 'alice' },
    ]);
    expect(deleted).toEqual([
      { key: 'alice/sub/x.txt', user: 'alice' },
      { key: 'alice/sub/y.txt', user: 'alice' },
    ]);
    expect(await readdir(aliceFile('sub'))).toEqual([]);
  });

  test('a hidden temporary upload is announced only when renamed to a visible name', async () => {
    // prepare
    const local = await localFile('draft.md', '# Informe\n');

    // act
    const result = await sftpBatch([`put ${local} .draft.md.part`, 'rename .draft.md.part final.md', 'bye']);

    // assess
    expect(result).toMatchObject({ ok: true });
    expect(created).toEqual([{ key: 'alice/final.md', size: 10, user: 'alice' }]);
    expect(deleted).toEqual([]);
  });

  test('renaming a folder moves every file in it', async () => {
    // prepare
    const local = await localFile('a.txt', 'a');

    // act
    const result = await sftpBatch(['mkdir old', `put ${local} old/a.txt`, 'rename old new', 'bye']);

    // assess
    expect(result).toMatchObject({ ok: true });
    expect(created.map((event) => event.key)).toEqual(['alice/old/a.txt', 'alice/new/a.txt']);
    expect(deleted.map((event) => event.key)).toEqual(['alice/old/a.txt']);
  });

  test('a failing event handler is logged and the upload still succeeds', async () => {
    // prepare
    const local = await localFile('boom.txt', 'boom');

    // act
    const result = await sftpBatch([`put ${local} boom.txt`, 'ls boom.txt', 'bye']);

    // assess
    expect(result).toMatchObject({ ok: true });
    expect(created.map((event) => event.key)).toEqual(['alice/boom.txt']);
    expect(logLines.some((line) => line.includes('alice/boom.txt') && line.includes('ingestion is down'))).toBe(true);
  });

  test('an upload over the size limit fails, is removed and is not announced', async () => {
    // prepare
    const local = await localFile('huge.bin', randomBytes(MAX_FILE_BYTES + 100_000));

    // act
    const result = await sftpBatch([`put ${local} huge.bin`, 'bye']);

    // assess
    expect(result.ok).toBe(false);
    expect(logLines.some((line) => line.includes('alice/huge.bin') && line.includes('larger than the 1 MB limit per file'))).toBe(true);
    expect(created).toEqual([]);
    await expect(lstat(aliceFile('huge.bin'))).rejects.toThrow(/ENOENT/);
  });

  test('an upload cut off by a disconnect is closed on the server and not announced', async () => {
    // act: write without closing the handle, then drop the connection
    await withPasswordSession('bob', BOB_PASSWORD, async (sftp) => {
      const handle = await new Promise<Buffer>((resolve, reject) =>
        sftp.open('/partial.txt', 'w', (error, opened) => (error ? reject(error) : resolve(opened))),
      );
      await new Promise<void>((resolve, reject) => sftp.write(handle, Buffer.from('half'), 0, 4, 0, (error) => (error ? reject(error) : resolve())));
    });

    // assess
    const interrupted = (line: string) => line.includes('bob/partial.txt') && line.includes('interrupted');
    for (let waited = 0; !logLines.some(interrupted) && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logLines.some(interrupted)).toBe(true);
    expect(created).toEqual([]);
  });
});
