import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';

/**
 * `ssh2.utils.parseKey`, narrowed to one key: an OpenSSH private key file may hold several,
 * in which case ssh2 returns an array and the first key is the one that counts.
 */
export function parseSshKey(text: string | Buffer): ParsedKey | Error {
  const parsed: ParsedKey | ParsedKey[] | Error = ssh2.utils.parseKey(text);
  if (Array.isArray(parsed)) return parsed[0] ?? new Error('no key found');
  return parsed;
}

/** The one-line OpenSSH form of a key's public half, without comment: `ssh-ed25519 AAAA…`. */
export function openSshPublicLine(key: ParsedKey): string {
  return `${key.type} ${key.getPublicSSH().toString('base64')}`;
}

/**
 * The fingerprint as `ssh` and `ssh-keygen -l` show it, `SHA256:` and the unpadded base64 of the
 * SHA-256 of the public key blob, so a user can compare it with the prompt on first connection.
 */
export function openSshFingerprint(key: ParsedKey): string {
  const digest = createHash('sha256').update(key.getPublicSSH()).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** An OpenSSH key pair as text: the private key file and the one-line public key. */
export interface SshKeyPair {
  private: string;
  public: string;
}

// A bad draw has odds of 1 in 256, so this many in a row does not happen.
const MAX_KEY_DRAWS = 16;

/**
 * `ssh2.utils.generateKeyPairSync('ed25519')`, keeping only a pair that ssh2 reads back. ssh2
 * strips leading zero bytes from the 32-byte public key (mscdex/ssh2#1390, #1513), so one pair
 * in 256 is malformed and could never be loaded; a fresh pair is drawn instead.
 */
export function generateEd25519KeyPair(comment: string): SshKeyPair {
  for (let draw = 0; draw < MAX_KEY_DRAWS; draw += 1) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    const privateKey = parseSshKey(pair.private);
    if (!(privateKey instanceof Error) && privateKey.isPrivateKey() && !(parseSshKey(pair.public) instanceof Error)) return pair;
  }
  throw new Error(`no readable ed25519 key pair in ${MAX_KEY_DRAWS} draws`);
}
