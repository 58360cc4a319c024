import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ANONYMOUS_ADMIN, type Principal } from '#core/access/access-policy.js';
import { isCollectionName } from '#core/store/collection-name.js';
import { ConfigError } from '#core/errors.js';

/** One entry of `RAG_USERS`. */
export interface LocalUser {
  user: string;
  token: string;
  admin?: boolean;
  collections?: Record<string, 'reader' | 'editor'>;
}

const userSchema = z
  .object({
    user: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, { message: 'user must be 1-64 letters, digits, ".", "_", "@" or "-"' }),
    token: z.string().min(16, { message: 'token must be at least 16 characters' }),
    admin: z.boolean().optional(),
    collections: z.record(z.string(), z.enum(['reader', 'editor'])).optional(),
  })
  .strict();

/**
 * Reads `RAG_USERS`: inline JSON (starts with `[`) or the path of a JSON file. Messages name
 * the entry and the problem, never a token.
 */
export function parseLocalUsers(text: string, origin = 'RAG_USERS'): LocalUser[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError(`${origin} is not valid JSON: expected an array like [{"user":"alice","token":"…","collections":{"finance":"editor"}}]`);
  }
  if (!Array.isArray(raw)) throw new ConfigError(`${origin} must be a JSON array of {"user","token","collections"?,"admin"?} objects`);
  const users: LocalUser[] = [];
  const names = new Set<string>();
  const tokens = new Set<string>();
  raw.forEach((item: unknown, index) => {
    const parsed = userSchema.safeParse(item);
    const label = typeof (item as { user?: unknown })?.user === 'string' ? `entry ${index} ("${(item as { user: string }).user}")` : `entry ${index}`;
    if (!parsed.success) {
      throw new ConfigError(`${origin} ${label}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ')}`);
    }
    const badCollection = Object.keys(parsed.data.collections ?? {}).find((name) => !isCollectionName(name));
    if (badCollection !== undefined) {
      throw new ConfigError(
        `${origin} ${label}: ${JSON.stringify(badCollection)} is not a collection name (collection names are lower-case letters, digits, "-" and "_")`,
      );
    }
    if (names.has(parsed.data.user)) throw new ConfigError(`${origin} ${label}: the user appears twice`);
    if (tokens.has(parsed.data.token)) throw new ConfigError(`${origin} ${label}: two users share a token`);
    names.add(parsed.data.user);
    tokens.add(parsed.data.token);
    users.push(parsed.data);
  });
  return users;
}

/** Whether `RAG_USERS` holds inline JSON rather than a file path. */
export function isInlineUsers(value: string): boolean {
  return value.trim().startsWith('[');
}

export function toPrincipal(user: LocalUser): Principal {
  return { user: user.user, admin: user.admin === true, collections: { ...(user.collections ?? {}) } };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Who holds a bearer token. Every configured token is compared, in constant time and without
 * stopping at a match, so timing reveals neither which user matched nor how close a guess was.
 */
export function authenticate(header: string | undefined, users: readonly LocalUser[]): LocalUser | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  const presented = digest(match?.[1]?.trim() ?? '');
  let found: LocalUser | undefined;
  for (const user of users) {
    if (timingSafeEqual(presented, digest(user.token)) && match) found = user;
  }
  return found;
}

export type Identification = { principal: Principal } | { failure: 'missing' | 'invalid' };

/**
 * The local stack's identities: `RAG_USERS` (inline or a file, re-read when the file changes, so
 * `rag users add` takes effect without a restart), plus `RAG_API_TOKEN` as a single admin. With
 * neither, every caller is the anonymous admin (the server then only listens on loopback).
 */
export class LocalIdentities {
  private fileState?: { mtimeMs: number; size: number; users: LocalUser[] };

  constructor(private readonly options: { users?: string; apiToken?: string }) {
    this.users();
  }

  /** True when callers must present a token. */
  get required(): boolean {
    return Boolean(this.options.apiToken || this.options.users?.trim());
  }

  /** The users file `RAG_USERS` names; undefined when the users are inline JSON or not configured. */
  get usersFile(): string | undefined {
    const value = this.options.users?.trim();
    return value && !isInlineUsers(value) ? value : undefined;
  }

  /** The configured users, the `RAG_API_TOKEN` admin included. */
  users(): LocalUser[] {
    const configured = this.options.users?.trim() ? this.configuredUsers(this.options.users) : [];
    return this.options.apiToken ? [...configured, { user: 'admin', token: this.options.apiToken, admin: true }] : configured;
  }

  /** Reads the users file again on the next request, whatever its timestamp (after the server wrote it itself). */
  forgetFile(): void {
    this.fileState = undefined;
  }

  identify(authorization: string | undefined): Identification {
    if (!this.required) return { principal: ANONYMOUS_ADMIN };
    if (!authorization) return { failure: 'missing' };
    const user = authenticate(authorization, this.users());
    return user ? { principal: toPrincipal(user) } : { failure: 'invalid' };
  }

  private configuredUsers(value: string): LocalUser[] {
    if (isInlineUsers(value)) return parseLocalUsers(value);
    const file = value.trim();
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(file);
    } catch {
      throw new ConfigError(`RAG_USERS: no users file at ${file}`);
    }
    if (this.fileState && this.fileState.mtimeMs === stat.mtimeMs && this.fileState.size === stat.size) return this.fileState.users;
    let users: LocalUser[];
    try {
      users = parseLocalUsers(readFileSync(file, 'utf8'), `RAG_USERS (${file})`);
    } catch (error) {
      // A file being edited by hand may be briefly invalid: keep serving the users last read.
      if (this.fileState) return this.fileState.users;
      throw error;
    }
    this.fileState = { mtimeMs: stat.mtimeMs, size: stat.size, users };
    return users;
  }
}
