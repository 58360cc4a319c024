import { z } from 'zod';
import { ConfigError } from '#core/errors.js';
import { isCollectionName } from '#core/store/collection-name.js';
import { parseSshKey } from './ssh-keys.js';

/** One account of the SFTP drop, as configured in `RAG_SFTP_USERS`. */
export interface SftpUser {
  user: string;
  /** OpenSSH one-line public key, e.g. `ssh-ed25519 AAAA… laptop`. */
  publicKey?: string;
  password?: string;
  /** The collection the user's drops go to. @default the user name, lower-cased ({@link sftpCollection}) */
  collection?: string;
}

/** The collection an SFTP user's files go to: the configured one, else the user name made a collection name. */
export function sftpCollection(user: SftpUser): string {
  return user.collection ?? user.user.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
}

/** Also the name of the user's folder, so it must be a safe single path segment. */
const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

const entrySchema = z
  .object({
    user: z.string().regex(USER_NAME, {
      message: 'user must be 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit',
    }),
    publicKey: z.string().trim().min(1, { message: 'publicKey must not be empty' }).optional(),
    password: z.string().min(1, { message: 'password must not be empty' }).optional(),
    collection: z.string().refine(isCollectionName, { message: 'collection must be lower-case letters, digits, "-" and "_"' }).optional(),
  })
  .strict()
  .refine((entry) => entry.publicKey !== undefined || entry.password !== undefined, {
    message: 'needs a publicKey or a password (or both)',
  });

/**
 * Reads `RAG_SFTP_USERS`: a JSON array of `{ user, publicKey?, password? }`. Undefined or
 * blank means no SFTP users. Messages name the entry and the problem but never repeat a
 * password or key.
 */
export function parseSftpUsers(json: string | undefined): SftpUser[] {
  if (json === undefined || json.trim() === '') return [];

  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    // JSON.parse messages quote the input around the error, which may hold a password.
    throw new ConfigError('RAG_SFTP_USERS is not valid JSON: expected an array like [{"user": "alice", "publicKey": "ssh-ed25519 AAAA…"}]', {
      cause: error instanceof Error ? new Error(error.name) : undefined,
    });
  }
  if (!Array.isArray(raw)) {
    throw new ConfigError('RAG_SFTP_USERS must be a JSON array of {"user", "publicKey"?, "password"?} objects');
  }

  const users: SftpUser[] = [];
  const seen = new Set<string>();
  raw.forEach((item: unknown, index) => {
    const label = describeEntry(item, index);
    const parsed = entrySchema.safeParse(item);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(describeIssue).join('; ');
      throw new ConfigError(`RAG_SFTP_USERS ${label}: ${problems}`);
    }
    const entry = parsed.data;
    // Folder names collide on case-insensitive file systems.
    const folded = entry.user.toLowerCase();
    if (seen.has(folded)) throw new ConfigError(`RAG_SFTP_USERS ${label}: user "${entry.user}" is listed twice`);
    seen.add(folded);

    if (entry.publicKey !== undefined) {
      const key = parseSshKey(entry.publicKey);
      if (key instanceof Error) {
        throw new ConfigError(`RAG_SFTP_USERS ${label}: publicKey is not a valid OpenSSH public key (expected one line like "ssh-ed25519 AAAA… comment")`);
      }
      if (key.isPrivateKey()) {
        throw new ConfigError(`RAG_SFTP_USERS ${label}: publicKey holds a private key; give the public key (the .pub file) instead`);
      }
    }
    users.push({
      user: entry.user,
      ...(entry.publicKey !== undefined ? { publicKey: entry.publicKey } : {}),
      ...(entry.password !== undefined ? { password: entry.password } : {}),
      ...(entry.collection !== undefined ? { collection: entry.collection } : {}),
    });
  });
  return users;
}

function describeEntry(item: unknown, index: number): string {
  const name = typeof item === 'object' && item !== null ? (item as { user?: unknown }).user : undefined;
  if (typeof name === 'string' && USER_NAME.test(name)) return `entry ${index} ("${name}")`;
  return `entry ${index}`;
}

/** zod's own messages can quote the received value, so only field names and our texts go out. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.join('.');
  switch (issue.code) {
    case 'invalid_type':
      return field ? `${field} must be a ${issue.expected}` : `must be an object like {"user": "alice", "password": "…"}`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}; allowed: user, publicKey, password`;
    case 'invalid_format':
    case 'too_small':
    case 'custom':
      return issue.message;
    default:
      return field ? `${field} is invalid` : 'invalid entry';
  }
}
