import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { sftpBatchArgs } from '../../support/openssh-sftp-args.js';

const run = promisify(execFile);

export interface SftpAccount {
  user: string;
  password: string;
  /** Private key file for OpenSSH; its public half goes into RAG_SFTP_USERS. */
  keyFile: string;
  publicKey: string;
}

/** A fresh ed25519 key pair and a password for one SFTP user. */
export async function createSftpAccount(dir: string, user: string): Promise<SftpAccount> {
  const keyFile = path.join(dir, `id_${user}`);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${user}@test`, '-f', keyFile]);
  return { user, password: `pw-${user}-reliability`, keyFile, publicKey: (await readFile(`${keyFile}.pub`, 'utf8')).trim() };
}

export function sftpUsersJson(accounts: readonly SftpAccount[]): string {
  return JSON.stringify(accounts.map(({ user, publicKey, password }) => ({ user, publicKey, password })));
}

export interface BatchResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real OpenSSH `sftp` client in batch mode with a pinned host key. Commands
 * prefixed with "-" may fail without ending the batch, as in interactive use.
 */
export async function openSshBatch(options: {
  port: number;
  hostPublicKey: string;
  account: SftpAccount;
  cwd: string;
  commands: string[];
}): Promise<BatchResult> {
  const knownHosts = path.join(options.cwd, 'known_hosts');
  const batch = path.join(options.cwd, 'sftp-batch');
  await writeFile(knownHosts, `[127.0.0.1]:${options.port} ${options.hostPublicKey}\n`);
  await writeFile(batch, `${options.commands.join('\n')}\n`);
  try {
    const { stdout, stderr } = await run(
      'sftp',
      sftpBatchArgs({ batchFile: batch, keyFile: options.account.keyFile, port: options.port, user: options.account.user, knownHostsFile: knownHosts }),
      { cwd: options.cwd, timeout: 60_000, maxBuffer: 4 * 1024 * 1024 },
    );
    return { ok: true, stdout, stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; killed?: boolean };
    if (failed.killed) throw new Error(`sftp did not finish: ${failed.stderr ?? ''}`);
    return { ok: false, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/**
 * Writes one file with the ssh2 client, sending the path exactly as given: OpenSSH's client
 * cannot send a NUL and resolves some paths itself, so hostile names are sent this way.
 * Resolves with the server's status message when it refuses.
 */
export async function rawSftpPut(options: {
  port: number;
  hostPublicKey: string;
  account: SftpAccount;
  remotePath: string;
  bytes: Uint8Array;
}): Promise<{ ok: true } | { ok: false; code: number; message: string }> {
  const client = new ssh2.Client();
  const expectedHostKey = (ssh2.utils.parseKey(options.hostPublicKey) as ssh2.ParsedKey).getPublicSSH();
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', reject);
      client.connect({
        host: '127.0.0.1',
        port: options.port,
        username: options.account.user,
        password: options.account.password,
        tryKeyboard: false,
        hostVerifier: (key: Buffer) => key.equals(expectedHostKey),
        readyTimeout: 10_000,
      });
    });
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, session) => (error ? reject(error) : resolve(session))));
    try {
      const handle = await new Promise<Buffer>((resolve, reject) => sftp.open(options.remotePath, 'w', (error, h) => (error ? reject(error) : resolve(h))));
      await new Promise<void>((resolve, reject) =>
        sftp.write(handle, Buffer.from(options.bytes), 0, options.bytes.length, 0, (error) => (error ? reject(error) : resolve())),
      );
      await new Promise<void>((resolve, reject) => sftp.close(handle, (error) => (error ? reject(error) : resolve())));
      return { ok: true };
    } catch (error) {
      const failure = error as { code?: number; message?: string };
      return { ok: false, code: failure.code ?? -1, message: failure.message ?? String(error) };
    }
  } finally {
    client.end();
  }
}
