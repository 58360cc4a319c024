import { execFile } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import ssh2 from 'ssh2';
import { ConfigError } from '#core/errors.js';
import { loadOrCreateHostKey } from '#local/sftp/index.js';
import { makeTempDir } from '../../../support/temp-dir.js';

describe('loadOrCreateHostKey', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir('rag-sftp-hostkey-');
  });
  afterEach(() => temp.cleanup());

  test('generates an ed25519 key once, private to the owner, and reuses it', async () => {
    // prepare
    const keyPath = path.join(temp.dir, 'nested', 'sftp_host_ed25519_key');

    // act
    const first = await loadOrCreateHostKey(keyPath);
    const second = await loadOrCreateHostKey(keyPath);

    // assess
    expect(first.publicKey).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/=]+$/);
    expect(second).toEqual(first);
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    const parsed = ssh2.utils.parseKey(first.privateKey);
    expect(parsed).not.toBeInstanceOf(Error);
  });

  test('prints the SHA256 fingerprint exactly as ssh-keygen -l shows it', async () => {
    // prepare
    const keyPath = path.join(temp.dir, 'sftp_host_ed25519_key');
    const hostKey = await loadOrCreateHostKey(keyPath);
    let keygen: string;
    try {
      keygen = (await promisify(execFile)('ssh-keygen', ['-l', '-E', 'sha256', '-f', keyPath])).stdout;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      console.warn('skipped: ssh-keygen is not installed, so there is nothing to compare the fingerprint with');
      return;
    }

    // act: `256 SHA256:<base64> rag-sftp-host (ED25519)`
    const shown = keygen.trim().split(/\s+/)[1];

    // assess
    expect(hostKey.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(hostKey.fingerprint).toBe(shown);
  });

  test('refuses a key file that is not a private key', async () => {
    // prepare
    const keyPath = path.join(temp.dir, 'broken_key');
    await writeFile(keyPath, 'not a key');

    // act
    const loading = loadOrCreateHostKey(keyPath);

    // assess
    await expect(loading).rejects.toThrow(ConfigError);
    await expect(loading).rejects.toThrow(/broken_key .*delete it/);
  });
});
