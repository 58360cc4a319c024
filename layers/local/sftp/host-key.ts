import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '#core/errors.js';
import { generateEd25519KeyPair, openSshFingerprint, openSshPublicLine, parseSshKey } from './ssh-keys.js';

export interface SftpHostKey {
  /** OpenSSH private key file content, as `ssh2.Server` takes it. */
  privateKey: string;
  /** OpenSSH one-line public key, `ssh-ed25519 AAAA…`, for users' known_hosts. */
  publicKey: string;
  /** `SHA256:…`, as OpenSSH prints it when it first meets the server. */
  fingerprint: string;
}

/**
 * The server's identity. Generated once and kept, so that users' `known_hosts` entries stay
 * valid across restarts; a changing host key would train them to ignore the warning.
 */
export async function loadOrCreateHostKey(keyPath: string): Promise<SftpHostKey> {
  const existing = await readKeyFile(keyPath);
  if (existing !== undefined) return fromPrivateKey(existing, keyPath);

  const pair = generateEd25519KeyPair('rag-sftp-host');
  await mkdir(path.dirname(keyPath), { recursive: true });
  try {
    // 'wx': when two processes start at once, the first key written wins and both use it.
    await writeFile(keyPath, pair.private, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKeyFile(keyPath);
    if (winner !== undefined) return fromPrivateKey(winner, keyPath);
  }
  // The umask may have narrowed the mode further, never widened it; make it exact anyway.
  await chmod(keyPath, 0o600);
  return fromPrivateKey(pair.private, keyPath);
}

async function readKeyFile(keyPath: string): Promise<string | undefined> {
  try {
    return await readFile(keyPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function fromPrivateKey(privateKey: string, keyPath: string): SftpHostKey {
  const key = parseSshKey(privateKey);
  if (key instanceof Error || !key.isPrivateKey()) {
    throw new ConfigError(`SFTP host key ${keyPath} is not an unencrypted OpenSSH private key; delete it to generate a new one`);
  }
  return { privateKey, publicKey: openSshPublicLine(key), fingerprint: openSshFingerprint(key) };
}
