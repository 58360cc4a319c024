import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CognitoAuthorizer } from './cognito-authorizer.js';
import { LocalCognitoIssuer } from './local-cognito-issuer.js';

const POOL_ARN = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool0001';
const OTHER_POOL_ARN = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Other001';
const CLIENT_ID = 'webclient0000000000000000a';

describe('CognitoAuthorizer', () => {
  let pool: LocalCognitoIssuer;
  let otherPool: LocalCognitoIssuer;
  let authorizer: CognitoAuthorizer;

  beforeAll(async () => {
    pool = await LocalCognitoIssuer.create(POOL_ARN);
    otherPool = await LocalCognitoIssuer.create(OTHER_POOL_ARN);
    const keys = new Map([
      [POOL_ARN, { jwksUrl: await pool.listen(), clientIds: [CLIENT_ID] }],
      [OTHER_POOL_ARN, { jwksUrl: await otherPool.listen(), clientIds: ['otherclient'] }],
    ]);
    authorizer = new CognitoAuthorizer({ IdentitySource: 'method.request.header.Authorization', ProviderARNs: [POOL_ARN] }, keys);
  });

  afterAll(async () => {
    await pool.close();
    await otherPool.close();
  });

  it('accepts an ID token of the pool and hands its claims on as strings', async () => {
    const token = await pool.idToken({ clientId: CLIENT_ID, username: 'ana@example.com', groups: ['readers', 'admins'] });

    const decision = await authorizer.authorize({ authorization: token });

    expect(decision.authorized).toBe(true);
    if (!decision.authorized) return;
    expect(decision.claims).toMatchObject({
      iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool0001',
      aud: CLIENT_ID,
      token_use: 'id',
      'cognito:username': 'ana@example.com',
      'cognito:groups': 'readers,admins',
      email_verified: 'true',
    });
    expect(decision.claims.exp).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
  });

  const refusals: { name: string; headers: () => Promise<Record<string, string>>; reason: RegExp }[] = [
    { name: 'no Authorization header', headers: async () => ({}), reason: /missing authorization/ },
    { name: 'an empty header', headers: async () => ({ Authorization: ' ' }), reason: /missing authorization/ },
    { name: 'an expired token', headers: async () => ({ Authorization: await pool.idToken({ clientId: CLIENT_ID, expiresInSeconds: -60 }) }), reason: /exp/ },
    {
      name: 'a token of another pool',
      headers: async () => ({ Authorization: await otherPool.idToken({ clientId: 'otherclient' }) }),
      reason: /not a provider pool/,
    },
    { name: 'a token for another app client', headers: async () => ({ Authorization: await pool.idToken({ clientId: 'someoneelse' }) }), reason: /audience/ },
    { name: 'an access token', headers: async () => ({ Authorization: await pool.accessToken({ clientId: CLIENT_ID }) }), reason: /token_use access/ },
    {
      name: 'a token signed by another key but naming this pool',
      headers: async () => {
        const impostor = await LocalCognitoIssuer.create(POOL_ARN);
        return { Authorization: await impostor.idToken({ clientId: CLIENT_ID }) };
      },
      reason: /no applicable key|signature/i,
    },
  ];

  it.each(refusals)('refuses $name', async ({ headers, reason }) => {
    const request = await headers();

    const decision = await authorizer.authorize(request);

    expect(decision.authorized).toBe(false);
    if (decision.authorized) return;
    expect(decision.reason).toMatch(reason);
  });
});
