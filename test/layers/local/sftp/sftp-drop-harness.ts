import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { loadOrCreateHostKey, startSftpDropServer, type ObjectCreatedEvent, type ObjectDeletedEvent, type SftpDropServer } from '#local/sftp/index.js';
import { makeTempDir } from '../../../support/temp-dir.js';
import { sftpBatchArgs } from '../../../support/openssh-sftp-args.js';

const run = promisify(execFile);
export const AUTH_DELAY_MS = 200;
export const MAX_FILE_BYTES = 1_000_000;
export const BOB_PASSWORD = 'bob-s3cret-pass';

export interface SftpRun {
  ok: boolean;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

export interface SftpDropHarness {
  /** Set once the server has started (in beforeAll). */
  readonly tempDir: string;
  readonly rootDir: string;
  /** The client side's working folder. */
  readonly localDir: string;
  /** A key the server does not know. */
  readonly strangerKey: string;
  /** Events and log lines of the server, emptied before each test (the log lines are kept). */
  readonly created: ObjectCreatedEvent[];
  readonly deleted: ObjectDeletedEvent[];
  readonly logLines: string[];
  /** Runs the OpenSSH client in batch mode; it stops at the first failing command. */
  sftpBatch(commands: string[], options?: { user?: string; key?: string }): Promise<SftpRun>;
  /** Opens an SFTP session with the ssh2 client (OpenSSH batch mode cannot type passwords). */
  withPasswordSession<T>(user: string, password: string, work: (sftp: SFTPWrapper) => Promise<T>): Promise<T>;
  /** A path in alice's folder on the server. */
  aliceFile(...segments: string[]): string;
  /** Writes a file in the client's folder and returns its path. */
  localFile(name: string, content: string | Buffer): Promise<string>;
}

/**
 * Starts an SFTP drop server for the calling describe block: alice and carol log in with a key,
 * bob with a password; uploads of `boom.txt` make the created-event handler throw.
 */
export function useSftpDropServer(): SftpDropHarness {
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

  async function sftpBatch(commands: string[], options: { user?: string; key?: string } = {}): Promise<SftpRun> {
    const batchFile = path.join(temp.dir, `batch-${randomBytes(4).toString('hex')}`);
    await writeFile(batchFile, `${commands.join('\n')}\n`);
    const args = sftpBatchArgs({ batchFile, keyFile: options.key ?? aliceKey, port: server.port, user: options.user ?? 'alice', knownHostsFile: knownHosts });
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
      const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, session) => (error ? reject(error) : resolve(session))));
      return await work(sftp);
    } finally {
      client.end();
    }
  }

  return {
    get tempDir() {
      return temp.dir;
    },
    get rootDir() {
      return rootDir;
    },
    get localDir() {
      return localDir;
    },
    get strangerKey() {
      return strangerKey;
    },
    created,
    deleted,
    logLines,
    sftpBatch,
    withPasswordSession,
    aliceFile: (...segments: string[]) => path.join(rootDir, 'alice', ...segments),
    localFile: async (name: string, content: string | Buffer) => {
      const file = path.join(localDir, name);
      await writeFile(file, content);
      return file;
    },
  };
}
