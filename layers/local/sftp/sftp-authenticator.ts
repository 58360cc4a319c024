import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthContext, ParsedKey } from 'ssh2';
import type { SftpUser } from './sftp-users.js';
import { parseSshKey } from './ssh-keys.js';

/**
 * - `accepted`: the user proved who they are.
 * - `key-acceptable`: the client asked whether a key would do, before signing with it.
 * - `rejected`: `penalised` ones are answered late, so guessing is slow; rejections every
 *   client meets on the way (method `none`, methods not offered) are answered at once.
 */
export type AuthDecision = { outcome: 'accepted'; user: string } | { outcome: 'key-acceptable' } | { outcome: 'rejected'; penalised: boolean };

/** The methods offered, to every user alike so that replies do not reveal who exists. */
export const AUTH_METHODS = ['publickey', 'password'] as const;

interface Account {
  user: string;
  passwordDigest?: Buffer;
  keyBlob?: Buffer;
  key?: ParsedKey;
}

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();
/** Compared against when there is no password to compare with, so timing reveals nothing. */
const NO_PASSWORD = digest('no password set for this account');

/** Decides SSH login attempts for the configured users (already validated by `parseSftpUsers`). */
export function createAuthenticator(users: readonly SftpUser[]): (ctx: AuthContext) => AuthDecision {
  const accounts = new Map<string, Account>();
  for (const { user, publicKey, password } of users) {
    const account: Account = { user };
    if (password !== undefined) account.passwordDigest = digest(password);
    if (publicKey !== undefined) {
      const key = parseSshKey(publicKey);
      if (!(key instanceof Error)) {
        account.key = key;
        account.keyBlob = key.getPublicSSH();
      }
    }
    accounts.set(user, account);
  }

  return (ctx) => {
    const account = accounts.get(ctx.username);
    switch (ctx.method) {
      case 'password': {
        // Hashing first gives equal lengths, which timingSafeEqual needs.
        const matches = timingSafeEqual(digest(ctx.password), account?.passwordDigest ?? NO_PASSWORD);
        return matches && account?.passwordDigest !== undefined ? { outcome: 'accepted', user: account.user } : { outcome: 'rejected', penalised: true };
      }
      case 'publickey': {
        const key = account?.key;
        if (account === undefined || key === undefined || account.keyBlob === undefined || !ctx.key.data.equals(account.keyBlob)) {
          return { outcome: 'rejected', penalised: true };
        }
        if (ctx.signature === undefined || ctx.blob === undefined) return { outcome: 'key-acceptable' };
        return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) ? { outcome: 'accepted', user: account.user } : { outcome: 'rejected', penalised: true };
      }
      default:
        return { outcome: 'rejected', penalised: false };
    }
  };
}
