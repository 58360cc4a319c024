import { createHash, randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';

/** The issuer URL Cognito writes into every token of a user pool (`iss`). */
export function cognitoIssuerUrl(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** A user pool's id from its ARN (`arn:aws:cognito-idp:<region>:<account>:userpool/<poolId>`). */
export function userPoolIdFromArn(arn: string): { region: string; userPoolId: string } {
  const match = /^arn:[^:]+:cognito-idp:([^:]+):[^:]*:userpool\/(.+)$/.exec(arn);
  if (!match?.[1] || !match[2]) throw new Error(`Not a Cognito user pool ARN: ${arn}`);
  return { region: match[1], userPoolId: match[2] };
}

export interface TokenOptions {
  /** The app client the token is issued to: `aud` of an ID token, `client_id` of an access token. */
  clientId: string;
  username?: string;
  /** The user's `sub`. @default one fixed per user name, as a user pool keeps a user's sub */
  sub?: string;
  email?: string;
  groups?: string[];
  /** Seconds from now until `exp`; negative for an already expired token. @default 3600 */
  expiresInSeconds?: number;
}

/**
 * A local stand-in for one Cognito user pool: an RS256 key pair, ID and access tokens shaped
 * like the pool's (iss, aud or client_id, token_use, cognito:username, cognito:groups, exp),
 * and the pool's JWKS served over HTTP at `/<poolId>/.well-known/jwks.json` as Cognito does.
 */
export class LocalCognitoIssuer {
  private server?: Server;
  private jwksUrl?: string;

  private constructor(
    readonly region: string,
    readonly userPoolId: string,
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
  ) {}

  static async create(userPoolArn: string): Promise<LocalCognitoIssuer> {
    const { region, userPoolId } = userPoolIdFromArn(userPoolArn);
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    return new LocalCognitoIssuer(region, userPoolId, privateKey, jwk);
  }

  get issuer(): string {
    return cognitoIssuerUrl(this.region, this.userPoolId);
  }

  /** The pool's public keys, as `GET <issuer>/.well-known/jwks.json` returns them. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** Serves the JWKS on 127.0.0.1; returns its URL. */
  async listen(): Promise<string> {
    if (this.jwksUrl) return this.jwksUrl;
    const path = `/${this.userPoolId}/.well-known/jwks.json`;
    const server = createServer((request, response) => {
      if (request.method === 'GET' && request.url === path) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.jwks()));
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
    return this.jwksUrl;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.jwksUrl = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** An ID token, what the site sends in `Authorization` after signing in. */
  idToken(options: TokenOptions): Promise<string> {
    const username = options.username ?? 'reader@example.com';
    return this.sign(options, {
      aud: options.clientId,
      token_use: 'id',
      'cognito:username': username,
      email: options.email ?? username,
      email_verified: true,
      auth_time: nowSeconds(),
    });
  }

  /** An access token: no `aud`, the client in `client_id`, and scopes. */
  accessToken(options: TokenOptions): Promise<string> {
    return this.sign(options, {
      client_id: options.clientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: options.username ?? 'reader@example.com',
      auth_time: nowSeconds(),
    });
  }

  private async sign(options: TokenOptions, claims: Record<string, unknown>): Promise<string> {
    const now = nowSeconds();
    const groups = options.groups && options.groups.length > 0 ? { 'cognito:groups': options.groups } : {};
    return new SignJWT({ ...claims, ...groups, origin_jti: randomUUID(), event_id: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid as string })
      .setIssuer(this.issuer)
      .setSubject(options.sub ?? stableSub(options.username ?? 'reader@example.com'))
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresInSeconds ?? 3600))
      .setJti(randomUUID())
      .sign(this.privateKey);
  }
}

/** A UUID-shaped sub that is the same for every token of one user name. */
function stableSub(username: string): string {
  const hex = createHash('sha256').update(`cognito-sub:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
