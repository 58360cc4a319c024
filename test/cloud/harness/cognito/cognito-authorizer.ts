import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, jwtVerify } from 'jose';
import { cognitoIssuerUrl, userPoolIdFromArn } from './local-cognito-issuer.js';

/** An `AWS::ApiGateway::Authorizer` of type COGNITO_USER_POOLS, its intrinsics resolved. */
export interface CognitoAuthorizerDefinition {
  /** `method.request.header.Authorization`. */
  IdentitySource: string;
  ProviderARNs: string[];
}

/** Where a pool's keys are served, and the app clients the template gives it. */
export interface UserPoolKeys {
  jwksUrl: string;
  clientIds: string[];
}

export type AuthorizerDecision = { authorized: true; claims: Record<string, string> } | { authorized: false; reason: string };

/**
 * API Gateway's COGNITO_USER_POOLS authorizer: the token is read from the identity source as
 * it is (no `Bearer` prefix), verified against the JWKS of one of the provider pools, and
 * must be unexpired and issued by that pool to one of its app clients. A method with no
 * authorization scopes (every method of this API) accepts only ID tokens. The claims reach
 * the integration as strings, in `$context.authorizer.claims`.
 */
export class CognitoAuthorizer {
  private readonly headerName: string;
  private readonly pools: { issuer: string; keys: JWTVerifyGetKey; clientIds: Set<string> }[];

  constructor(definition: CognitoAuthorizerDefinition, keysByPoolArn: ReadonlyMap<string, UserPoolKeys>) {
    const header = /^method\.request\.header\.(.+)$/.exec(definition.IdentitySource);
    if (!header?.[1]) throw new Error(`Unsupported identity source: ${definition.IdentitySource}`);
    this.headerName = header[1].toLowerCase();
    this.pools = definition.ProviderARNs.map((arn) => {
      const keys = keysByPoolArn.get(arn);
      if (!keys) throw new Error(`No keys for user pool ${arn}`);
      const { region, userPoolId } = userPoolIdFromArn(arn);
      return { issuer: cognitoIssuerUrl(region, userPoolId), keys: createRemoteJWKSet(new URL(keys.jwksUrl)), clientIds: new Set(keys.clientIds) };
    });
  }

  async authorize(headers: Readonly<Record<string, string | undefined>>): Promise<AuthorizerDecision> {
    const token = Object.entries(headers)
      .find(([name]) => name.toLowerCase() === this.headerName)?.[1]
      ?.trim();
    if (!token) return { authorized: false, reason: `missing ${this.headerName} header` };
    const issuer = unverifiedIssuer(token);
    const pool = this.pools.find((candidate) => candidate.issuer === issuer);
    if (!pool) return { authorized: false, reason: `issuer ${issuer ?? '(none)'} is not a provider pool` };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, pool.keys, { issuer: pool.issuer, algorithms: ['RS256'] }));
    } catch (error) {
      return { authorized: false, reason: (error as Error).message };
    }
    if (payload.token_use !== 'id') return { authorized: false, reason: `token_use ${String(payload.token_use)}: this method takes ID tokens` };
    const audience = typeof payload.aud === 'string' ? payload.aud : undefined;
    if (!audience || !pool.clientIds.has(audience)) return { authorized: false, reason: `audience ${String(payload.aud)} is not an app client of the pool` };
    return { authorized: true, claims: claimsAsStrings(payload) };
  }
}

function unverifiedIssuer(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const iss = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JWTPayload).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/** API Gateway hands claims on as strings: `exp` and `iat` as dates, lists joined by commas. */
function claimsAsStrings(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if ((name === 'exp' || name === 'iat') && typeof value === 'number') claims[name] = javaDateString(value);
    else if (Array.isArray(value)) claims[name] = value.map(String).join(',');
    else claims[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return claims;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mon Dec 07 10:00:00 UTC 2026`, the form API Gateway gives these two claims. */
function javaDateString(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
