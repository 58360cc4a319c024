import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Principal } from '#core/access/access-policy.js';
import { type GroupAccess, parseGroupAccess, parseGroupsClaim, principalFromGroups } from '#core/access/group-roles.js';
import { LAMBDA_ENV } from '#core/config/environment-contract.js';
import { RagError } from '#core/errors.js';

/** Who signed the request, as the Cognito authorizer vouches for it (the chat template copies these claims into the workflow input). */
export interface AuthorizerIdentity {
  sub?: unknown;
  username?: unknown;
  /** `cognito:groups` as the authorizer hands it on: comma-joined. */
  groups?: unknown;
}

/**
 * The caller's principal from the authorizer's identity: the Cognito `sub` (stable, unlike a
 * user name or an email) owns conversations and uploads, and the groups give the roles. No
 * identity is a 401: every route that reaches a function has a Cognito authorizer, so this
 * only happens when something other than the API calls.
 */
export function principalOfIdentity(identity: AuthorizerIdentity | null | undefined, access: GroupAccess): Principal {
  const sub = typeof identity?.sub === 'string' ? identity.sub.trim() : '';
  if (!sub) throw new RagError('unauthorized', 'The request carries no signed-in identity.');
  return principalFromGroups(sub, parseGroupsClaim(identity?.groups), access);
}

/** The caller of an API Gateway proxy event, from `requestContext.authorizer.claims` only (never the body or headers). */
export function principalOfEvent(event: Pick<APIGatewayProxyEvent, 'requestContext'>, access: GroupAccess): Principal {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  return principalOfIdentity(claims && { sub: claims.sub, username: claims['cognito:username'], groups: claims['cognito:groups'] }, access);
}

let cached: { text: string | undefined; access: GroupAccess } | undefined;

/** The deployment's group mapping, read once per container from RAG_GROUP_ACCESS. */
export function groupAccessFromEnvironment(env: NodeJS.ProcessEnv = process.env): GroupAccess {
  const text = env[LAMBDA_ENV.groupAccess];
  if (cached === undefined || cached.text !== text) cached = { text, access: parseGroupAccess(text, LAMBDA_ENV.groupAccess) };
  return cached.access;
}
