import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { DEFAULT_COLLECTION, isCollectionName } from '../store/collection-name.js';
import type { CollectionRole, Principal } from './access-policy.js';

/** The group whose members are admins under the naming rule. */
export const ADMIN_GROUP = 'rag-admins';

const ROLE_SUFFIXES: Record<string, CollectionRole> = { '-readers': 'reader', '-editors': 'editor' };

const rolesSchema = z.record(
  z.string().refine(isCollectionName, 'must be a collection name (lower-case letters, digits, "-" and "_")'),
  z.enum(['reader', 'editor']),
);

/**
 * How identity-provider groups (Cognito groups) become collection roles, besides the naming
 * rule: `groups` maps a group name to `"admin"` or to roles per collection, and `everyone`
 * holds the roles every signed-in user has whatever their groups.
 */
export const groupAccessSchema = z.strictObject({
  groups: z.record(z.string().min(1).max(128), z.union([z.literal('admin'), rolesSchema])).default({}),
  /**
   * Roles of every signed-in user. Editing `default` keeps what a deployment did before
   * collections existed (everyone reads, uploads and deletes there); set `{}` to grant nothing
   * beyond groups.
   */
  everyone: rolesSchema.default({ [DEFAULT_COLLECTION]: 'editor' }),
});

export type GroupAccessInput = z.input<typeof groupAccessSchema>;
export type GroupAccess = z.output<typeof groupAccessSchema>;

export const DEFAULT_GROUP_ACCESS: GroupAccess = groupAccessSchema.parse({});

/** Reads the group mapping as the functions receive it (JSON text); an absent value is the default. */
export function parseGroupAccess(text: string | undefined, origin = 'RAG_GROUP_ACCESS'): GroupAccess {
  if (text === undefined || text.trim() === '') return DEFAULT_GROUP_ACCESS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError(`${origin} is not valid JSON: expected {"groups": {"<group>": {"<collection>": "reader"}}, "everyone": {…}}`);
  }
  const parsed = groupAccessSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`${origin}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * The groups of a token as API Gateway hands them on: a Cognito user pool authorizer joins the
 * `cognito:groups` list with commas (REST APIs), a JWT authorizer writes `[a b]` (HTTP APIs).
 */
export function parseGroupsClaim(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === 'string' && group !== '');
  if (typeof claim !== 'string') return [];
  const text = claim.trim();
  const bracketed = /^\[(.*)\]$/s.exec(text);
  const parts = bracketed ? bracketed[1]!.split(/\s+/) : text.split(',');
  return parts.map((part) => part.trim()).filter(Boolean);
}

const stronger = (a: CollectionRole | undefined, b: CollectionRole): CollectionRole => (a === 'editor' || b === 'editor' ? 'editor' : 'reader');

/**
 * A signed-in user's principal from their groups. The naming rule: `rag-admins` is admin,
 * `<collection>-editors` edits and `<collection>-readers` reads that collection. The config
 * map adds groups of any name (an identity provider's, such as "Finance Team"), and `everyone`
 * adds roles for all. A user in several groups has the strongest role each grants.
 */
export function principalFromGroups(user: string, groups: readonly string[], access: GroupAccess = DEFAULT_GROUP_ACCESS): Principal {
  const collections: Record<string, CollectionRole> = {};
  let admin = false;
  const grant = (collection: string, role: CollectionRole) => {
    collections[collection] = stronger(collections[collection], role);
  };
  for (const [collection, role] of Object.entries(access.everyone)) grant(collection, role);
  for (const group of groups) {
    const mapped = Object.hasOwn(access.groups, group) ? access.groups[group] : undefined;
    if (mapped === 'admin') admin = true;
    else if (mapped) for (const [collection, role] of Object.entries(mapped)) grant(collection, role);
    if (group === ADMIN_GROUP) admin = true;
    for (const [suffix, role] of Object.entries(ROLE_SUFFIXES)) {
      const collection = group.endsWith(suffix) ? group.slice(0, -suffix.length) : undefined;
      if (collection !== undefined && isCollectionName(collection)) grant(collection, role);
    }
  }
  return { user, admin, collections };
}
