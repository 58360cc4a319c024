import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import {
  loadOrCreateHostKey,
  startSftpDropServer,
  type ObjectCreatedEvent,
  type ObjectDeletedEvent,
  type SftpDropServer,
} from '#local/sftp/index.js';
import { makeTempDir } from '../../../support/temp-dir.js';

const run = promisify(execFile);
const AUTH_DELAY_MS = 200;
const MAX_FILE_BYTES = 1_000_000;
const BOB_PASSWORD = 'bob-s3cret-pass';

interface SftpRun {
  ok: boolean;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

describe('SFTP drop server', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let rootDir: string;
  let localDir: string;
  let knownHosts: string;
  let aliceKey: string;
  let strangerKey: string;
  let hostPublicKey: string;
  let server: SftpDropServer;
  const created: ObjectCreatedEvent[] = [];
  const deleted: ObjectDeletedEvent[] = [];
  const logLines: string[] = [];

  beforeAll(async () => {
    temp = await makeTempDir('rag-sftp-');
    rootDir = path.join(temp.dir, 'drop');
    localDir = path.join(temp.dir, 'local');
    await mkdir(localDir);
    aliceKey = path.join(temp.dir, 'alice_id');
    strangerKey = path.join(temp.dir, 'stranger_id');
    await Promise.all([
      run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'alice@test', '-f', aliceKey]),
      run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stranger@test', '-f', strangerKey]),
    ]);
    const hostKey = await loadOrCreateHostKey(path.join(temp.dir, 'host_key'));
    hostPublicKey = hostKey.publicKey;

    server = await startSftpDropServer({
      port: 0,
      rootDir,
      hostKey: hostKey.privateKey,
      users: [
        { user: 'alice', publicKey: (await readFile(`${aliceKey}.pub`, 'utf8')).trim() },
        { user: 'bob', password: BOB_PASSWORD },
        { user: 'carol', publicKey: (await readFile(`${aliceKey}.pub`, 'utf8')).trim() },
      ],
      authFailureDelayMs: AUTH_DELAY_MS,
      maxFileBytes: MAX_FILE_BYTES,
      onObjectCreated: (event) => {
        created.push(event);
        if (event.key.endsWith('boom.txt')) throw new Error('ingestion is down');
      },
      onObjectDeleted: async (event) => {
        deleted.push(event);
      },
      log: (line) => logLines.push(line),
    });
    knownHosts = path.join(temp.dir, 'known_hosts');
    await writeFile(knownHosts, `[127.0.0.1]:${server.port} ${hostPublicKey}\n`);
  });

  afterAll(async () => {
    await server?.close();
    await temp?.cleanup();
  });

  beforeEach(() => {
    created.length = 0;
    deleted.length = 0;
  });

  /** Runs the OpenSSH client in batch mode; it stops at the first failing command. */
  async function sftpBatch(commands: string[], options: { user?: string; key?: string } = {}): Promise<SftpRun> {
    const batchFile = path.join(temp.dir, `batch-${randomBytes(4).toString('hex')}`);
    await writeFile(batchFile, `${commands.join('\n')}\n`);
    const args = [
      '-F', '/dev/null',
      '-b', batchFile,
      '-i', options.key ?? aliceKey,
      '-P', String(server.port),
      '-o', 'StrictHostKeyChecking=yes',
      '-o', `UserKnownHostsFile=${knownHosts}`,
      '-o', 'BatchMode=yes',
      '-o', 'IdentitiesOnly=yes',
      '-o', 'IdentityAgent=none',
      '-o', 'LogLevel=ERROR',
      `${options.user ?? 'alice'}@127.0.0.1`,
    ];
    const started = Date.now();
    try {
      const { stdout, stderr } = await run('sftp', args, { timeout: 10_000, cwd: localDir });
      return { ok: true, stdout, stderr, elapsedMs: Date.now() - started };
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; killed?: boolean };
      if (failed.killed) throw new Error(`sftp did not finish: ${failed.stderr ?? ''}`);
      return { ok: false, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', elapsedMs: Date.now() - started };
    }
  }

  /** Opens an SFTP session with the ssh2 client (OpenSSH batch mode cannot type passwords). */
  async function withPasswordSession<T>(user: string, password: string, work: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
    const client = new ssh2.Client();
    const expectedHostKey = (ssh2.utils.parseKey(hostPublicKey) as ssh2.ParsedKey).getPublicSSH();
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('ready', () => resolve());
        client.once('error', reject);
        client.connect({
          host: '127.0.0.1',
          port: server.port,
          username: user,
          password,
          tryKeyboard: false,
          hostVerifier: (key: Buffer) => key.equals(expectedHostKey),
          readyTimeout: 10_000,
        });
      });
      const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
        client.sftp((error, session) => (error ? reject(error) : resolve(session))),
      );
      return await work(sftp);
    } finally {
      client.end();
    }
  }

  const aliceFile = (...segments: string[]) => path.join(rootDir, 'alice', ...segments);
  const localFile = async (name: string, content: string | Buffer) => {
    const file = path.join(localDir, name);
    await writeFile(file, content);
    return file;
  };

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
    const back = path.join(localDir, 'x-back.txt');

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
    const outsideDir = path.join(temp.dir, 'outside');
    // prepare
    await localFile('x.txt', 'x');
    // Writes go through a link to a scratch folder, so a regression cannot touch /etc.
    await mkdir(outsideDir, { recursive: true });
    await symlink('/etc', aliceFile('etc-link')).catch(() => undefined);
    await symlink(outsideDir, aliceFile('outside-link')).catch(() => undefined);
    await symlink(path.join(temp.dir, 'nowhere.txt'), aliceFile('dangling-link')).catch(() => undefined);

    // act
    const result = await sftpBatch([...commands, 'bye']);

    // assess
    expect(result.ok).toBe(false);
    // Only the echoed commands may name files of /etc.
    expect(result.stdout).not.toMatch(/^(?!sftp>).*(passwd|hostname)/m);
    await expect(lstat(path.join(localDir, 'passwd-copy'))).rejects.toThrow(/ENOENT/);
    await expect(lstat(path.join(rootDir, 'escaped.txt'))).rejects.toThrow(/ENOENT/);
    expect(await readdir(outsideDir)).toEqual([]);
    await expect(lstat(path.join(temp.dir, 'nowhere.txt'))).rejects.toThrow(/ENOENT/);
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
    expect(await readFile(path.join(rootDir, 'bob', 'etc', 'passwd'), 'utf8')).toBe('bob:own');
    await expect(lstat(aliceFile('x'))).rejects.toThrow(/ENOENT/);
    expect(created).toEqual([{ key: 'bob/etc/passwd', size: 7, user: 'bob' }]);
  });

  test('an upload cut off by a disconnect is closed on the server and not announced', async () => {
    // act: write without closing the handle, then drop the connection
    await withPasswordSession('bob', BOB_PASSWORD, async (sftp) => {
      const handle = await new Promise<Buffer>((resolve, reject) =>
        sftp.open('/partial.txt', 'w', (error, opened) => (error ? reject(error) : resolve(opened))),
      );
      await new Promise<void>((resolve, reject) =>
        sftp.write(handle, Buffer.from('half'), 0, 4, 0, (error) => (error ? reject(error) : resolve())),
      );
    });

    // assess
    const interrupted = (line: string) => line.includes('bob/partial.txt') && line.includes('interrupted');
    for (let waited = 0; !logLines.some(interrupted) && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logLines.some(interrupted)).toBe(true);
    expect(created).toEqual([]);
  });

  test('a user folder planted as a link out of the root folder is refused', async () => {
    // prepare
    const elsewhere = path.join(temp.dir, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, path.join(rootDir, 'carol'));
    const local = await localFile('c.txt', 'c');

    // act
    const result = await sftpBatch([`put ${local} c.txt`, 'bye'], { user: 'carol' });

    // assess
    expect(result.ok).toBe(false);
    expect(await readdir(elsewhere)).toEqual([]);
    expect(logLines.some((line) => line.includes('carol') && line.includes('link leading out'))).toBe(true);
  });

  test('a wrong key is refused after the delay', async () => {
    // act
    const result = await sftpBatch(['ls', 'bye'], { key: strangerKey });

    // assess
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/Permission denied/);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(AUTH_DELAY_MS);
  });

  test('an unknown user is refused like a wrong key', async () => {
    // act
    const result = await sftpBatch(['ls', 'bye'], { user: 'mallory' });

    // assess
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/Permission denied/);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(AUTH_DELAY_MS);
  });

  test.each([
    ['bob', 'wrong password'],
    ['alice', BOB_PASSWORD],
    ['nobody', BOB_PASSWORD],
  ])('password login of %s with a wrong password is refused after the delay', async (user, password) => {
    // prepare
    const started = Date.now();

    // act
    const login = withPasswordSession(user, password, async () => 'logged in');

    // assess
    await expect(login).rejects.toThrow(/authentication methods failed/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(AUTH_DELAY_MS);
  });

  test('logs never contain passwords', () => {
    expect(logLines.join('\n')).not.toContain(BOB_PASSWORD);
    expect(logLines.join('\n')).not.toContain('wrong password');
  });
});
