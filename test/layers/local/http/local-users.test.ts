import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LocalIdentities, authenticate, parseLocalUsers } from '#local/http/local-users.js';
import { makeTempDir } from '../../../support/temp-dir.js';

const ALICE = { user: 'alice', token: 'alice-token-0123456789', collections: { finance: 'editor' } };
const ROOT = { user: 'root', token: 'root-token-0123456789a', admin: true };

describe('parseLocalUsers', () => {
  test.each([
    ['not JSON', '{', /not valid JSON/],
    ['not an array', '{}', /must be a JSON array/],
    ['a short token', JSON.stringify([{ user: 'a', token: 'short' }]), /at least 16/],
    ['a bad role', JSON.stringify([{ user: 'a', token: 'x'.repeat(16), collections: { finance: 'owner' } }]), /entry 0 \("a"\)/],
    ['a bad collection name', JSON.stringify([{ user: 'a', token: 'x'.repeat(16), collections: { Finance: 'reader' } }]), /collection names/],
    ['an unknown key', JSON.stringify([{ user: 'a', token: 'x'.repeat(16), role: 'admin' }]), /entry 0/],
    ['a user twice', JSON.stringify([ALICE, { ...ROOT, user: 'alice' }]), /appears twice/],
    ['a shared token', JSON.stringify([ALICE, { ...ROOT, token: ALICE.token }]), /share a token/],
  ])('refuses %s', (_, text, message) => {
    // act + assess
    expect(() => parseLocalUsers(text)).toThrow(message);
  });

  test('errors never repeat a token', () => {
    // act
    const thrown = (() => {
      try {
        parseLocalUsers(JSON.stringify([ALICE, { ...ROOT, token: ALICE.token }]));
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();

    // assess
    expect(thrown).not.toBe('');
    expect(thrown).not.toContain(ALICE.token);
  });
});

describe('authenticate', () => {
  const users = parseLocalUsers(JSON.stringify([ALICE, ROOT]));
  test.each([
    [`Bearer ${ALICE.token}`, 'alice'],
    [`bearer ${ROOT.token}`, 'root'],
    [`Bearer ${ALICE.token}x`, undefined],
    [ALICE.token, undefined],
    ['Bearer ', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, user) => {
    // act + assess
    expect(authenticate(header, users)?.user).toBe(user);
  });
});

describe('LocalIdentities', () => {
  test.each([
    ['nothing configured: an anonymous admin, no token needed', {}, undefined, { principal: { user: 'anonymous', admin: true, collections: {} } }],
    [
      'RAG_API_TOKEN: an admin',
      { apiToken: 'the-api-token-0123' },
      'Bearer the-api-token-0123',
      { principal: { user: 'admin', admin: true, collections: {} } },
    ],
    [
      'RAG_USERS inline: the user with their roles',
      { users: JSON.stringify([ALICE]) },
      `Bearer ${ALICE.token}`,
      { principal: { user: 'alice', admin: false, collections: { finance: 'editor' } } },
    ],
    ['no header', { users: JSON.stringify([ALICE]) }, undefined, { failure: 'missing' }],
    ['a wrong token', { users: JSON.stringify([ALICE]) }, 'Bearer nope', { failure: 'invalid' }],
  ])('%s', (_, options, header, expected) => {
    // act + assess
    expect(new LocalIdentities(options).identify(header)).toEqual(expected);
  });

  test('a users file is re-read when it changes, and a broken edit keeps the users last read', async () => {
    // prepare
    const temp = await makeTempDir('rag-users-');
    const file = path.join(temp.dir, 'users.json');
    writeFileSync(file, JSON.stringify([ALICE]));
    const identities = new LocalIdentities({ users: file });
    const before = identities.identify(`Bearer ${ROOT.token}`);

    // act
    writeFileSync(file, JSON.stringify([ALICE, ROOT]));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const added = identities.identify(`Bearer ${ROOT.token}`);
    writeFileSync(file, '[{"user": "half-writ');
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    const broken = identities.identify(`Bearer ${ROOT.token}`);
    await temp.cleanup();

    // assess
    expect(before).toEqual({ failure: 'invalid' });
    expect(added).toEqual({ principal: { user: 'root', admin: true, collections: {} } });
    expect(broken).toEqual(added);
  });
});
