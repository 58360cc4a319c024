import { lstat, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import { BOB_PASSWORD, useSftpDropServer } from './sftp-drop-harness.js';

describe('SFTP drop server: each user is confined to their folder', () => {
  const drop = useSftpDropServer();
  const { created, logLines, sftpBatch, withPasswordSession, aliceFile, localFile } = drop;

  test.each([
    ['cd ..', ['cd ..']],
    ['ls ..', ['ls ..']],
    ['get ../../etc/passwd', ['get ../../etc/passwd passwd-copy']],
    ['put ../escaped.txt', ['put x.txt ../escaped.txt']],
    ['ls through a planted link', ['ls etc-link/*']],
    ['cd through a planted link', ['cd etc-link']],
    ['get through a planted link', ['get etc-link/passwd passwd-copy']],
    ['put through a planted link', ['put x.txt outside-link/escaped.txt']],
    ['mkdir through a planted link', ['mkdir outside-link/escaped.txt']],
    ['put onto a dangling link', ['put x.txt dangling-link']],
    ['symlink', ['symlink report.pdf link.pdf']],
  ])('%s fails and leaves the folder', async (_label, commands) => {
    const outsideDir = path.join(drop.tempDir, 'outside');
    // prepare
    await localFile('x.txt', 'x');
    // Writes go through a link to a scratch folder, so a regression cannot touch /etc.
    await mkdir(outsideDir, { recursive: true });
    await symlink('/etc', aliceFile('etc-link')).catch(() => undefined);
    await symlink(outsideDir, aliceFile('outside-link')).catch(() => undefined);
    await symlink(path.join(drop.tempDir, 'nowhere.txt'), aliceFile('dangling-link')).catch(() => undefined);

    // act
    const result = await sftpBatch([...commands, 'bye']);

    // assess
    expect(result.ok).toBe(false);
    // Only the echoed commands may name files of /etc.
    expect(result.stdout).not.toMatch(/^(?!sftp>).*(passwd|hostname)/m);
    await expect(lstat(path.join(drop.localDir, 'passwd-copy'))).rejects.toThrow(/ENOENT/);
    await expect(lstat(path.join(drop.rootDir, 'escaped.txt'))).rejects.toThrow(/ENOENT/);
    expect(await readdir(outsideDir)).toEqual([]);
    await expect(lstat(path.join(drop.tempDir, 'nowhere.txt'))).rejects.toThrow(/ENOENT/);
    await expect(lstat(aliceFile('link.pdf'))).rejects.toThrow(/ENOENT/);
    expect(created).toEqual([]);
  });

  test('the working directory cannot climb above the folder', async () => {
    // act
    const result = await sftpBatch(['-cd ..', '-cd /..', 'pwd', 'bye']);

    // assess
    expect(result).toMatchObject({ ok: true });
    expect(result.stdout).toMatch(/Remote working directory: \/\n/);
  });

  test('bob logs in with a password and sees only his own folder', async () => {
    // prepare: alice owns a file
    await writeFile(aliceFile('private.txt'), 'alice only');

    // act
    const outcome = await withPasswordSession('bob', BOB_PASSWORD, async (sftp) => {
      const call = <T>(method: (done: (error: Error | null | undefined, value: T) => void) => void) =>
        new Promise<T>((resolve, reject) => method((error, value) => (error ? reject(error) : resolve(value))));
      const attempt = <T>(method: (done: (error: Error | null | undefined, value: T) => void) => void) =>
        call(method).then(
          (value) => ({ value }),
          (error: { code?: number; message: string }) => ({ errorCode: error.code }),
        );
      return {
        listing: (await call<ssh2.FileEntryWithStats[]>((done) => sftp.readdir('/', done))).map((entry) => entry.filename),
        parentRealpath: await attempt<string>((done) => sftp.realpath('..', done)),
        readAcross: await attempt<Buffer>((done) => sftp.readFile('/../alice/private.txt', done)),
        writeAcross: await attempt<void>((done) => sftp.writeFile('../alice/x', 'bob was here', (error) => done(error, undefined))),
        systemPasswd: await attempt<Buffer>((done) => sftp.readFile('/etc/passwd', done)),
        ownPasswd: await (async () => {
          await call<void>((done) => sftp.mkdir('/etc', (error) => done(error, undefined)));
          await call<void>((done) => sftp.writeFile('/etc/passwd', 'bob:own', (error) => done(error, undefined)));
          return call<Buffer>((done) => sftp.readFile('/etc/passwd', done));
        })(),
      };
    });

    // assess
    const { PERMISSION_DENIED, NO_SUCH_FILE } = ssh2.utils.sftp.STATUS_CODE;
    expect(outcome.listing).toEqual([]);
    expect(outcome.parentRealpath).toEqual({ errorCode: PERMISSION_DENIED });
    expect(outcome.readAcross).toEqual({ errorCode: PERMISSION_DENIED });
    expect(outcome.writeAcross).toEqual({ errorCode: PERMISSION_DENIED });
    expect(outcome.systemPasswd).toEqual({ errorCode: NO_SUCH_FILE });
    expect(outcome.ownPasswd.toString()).toBe('bob:own');
    expect(await readFile(path.join(drop.rootDir, 'bob', 'etc', 'passwd'), 'utf8')).toBe('bob:own');
    await expect(lstat(aliceFile('x'))).rejects.toThrow(/ENOENT/);
    expect(created).toEqual([{ key: 'bob/etc/passwd', size: 7, user: 'bob' }]);
  });

  test('a user folder planted as a link out of the root folder is refused', async () => {
    // prepare
    const elsewhere = path.join(drop.tempDir, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, path.join(drop.rootDir, 'carol'));
    const local = await localFile('c.txt', 'c');

    // act
    const result = await sftpBatch([`put ${local} c.txt`, 'bye'], { user: 'carol' });

    // assess
    expect(result.ok).toBe(false);
    expect(await readdir(elsewhere)).toEqual([]);
    expect(logLines.some((line) => line.includes('carol') && line.includes('link leading out'))).toBe(true);
  });

  test('logs never contain the password bob logged in with', () => {
    expect(logLines.join('\n')).not.toContain(BOB_PASSWORD);
  });
});
