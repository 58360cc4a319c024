import { ConfigError } from '#core/errors.js';
import { parseSftpUsers } from '#local/sftp/index.js';
import { generateEd25519KeyPair } from '#local/sftp/ssh-keys.js';

const keyPair = generateEd25519KeyPair('alice@laptop');
const SECRET = 'correct-horse-battery-staple';

describe('parseSftpUsers', () => {
  test.each([
    ['undefined', undefined, []],
    ['empty', '', []],
    ['blank', '  \n', []],
    ['empty array', '[]', []],
    ['key user', JSON.stringify([{ user: 'alice', publicKey: keyPair.public }]), [{ user: 'alice', publicKey: keyPair.public }]],
    ['password user', JSON.stringify([{ user: 'bob', password: SECRET }]), [{ user: 'bob', password: SECRET }]],
    [
      'both and mixed case name',
      JSON.stringify([{ user: 'Carol.Ops_2', publicKey: keyPair.public, password: SECRET }]),
      [{ user: 'Carol.Ops_2', publicKey: keyPair.public, password: SECRET }],
    ],
  ])('accepts %s', (_label, json, expected) => {
    // act
    const users = parseSftpUsers(json);

    // assess
    expect(users).toEqual(expected);
  });

  test.each([
    ['bad JSON', `[{"user": "bob", "password": "${SECRET}"`, /not valid JSON/],
    ['not an array', JSON.stringify({ user: 'bob', password: SECRET }), /must be a JSON array/],
    ['entry not an object', JSON.stringify(['bob']), /entry 0: must be an object/],
    ['missing auth', JSON.stringify([{ user: 'bob' }]), /entry 0 \("bob"\): needs a publicKey or a password/],
    ['bad name', JSON.stringify([{ user: '../bob', password: SECRET }]), /entry 0: user must be 1-64 characters/],
    ['name too long', JSON.stringify([{ user: 'a'.repeat(65), password: SECRET }]), /entry 0: user must be/],
    ['missing name', JSON.stringify([{ password: SECRET }]), /entry 0: user must be a string/],
    ['empty password', JSON.stringify([{ user: 'bob', password: '' }]), /password must not be empty/],
    ['unknown field', JSON.stringify([{ user: 'bob', password: SECRET, pasword: SECRET }]), /unknown field\(s\) "pasword"/],
    [
      'bad key',
      JSON.stringify([
        { user: 'ok', password: SECRET },
        { user: 'bob', publicKey: `ssh-ed25519 ${SECRET}`, password: SECRET },
      ]),
      /entry 1 \("bob"\): publicKey is not a valid OpenSSH public key/,
    ],
    ['private key', JSON.stringify([{ user: 'bob', publicKey: keyPair.private }]), /publicKey holds a private key/],
    [
      'duplicate user',
      JSON.stringify([
        { user: 'bob', password: SECRET },
        { user: 'BOB', password: SECRET },
      ]),
      /entry 1 \("BOB"\): user "BOB" is listed twice/,
    ],
  ])('rejects %s with a clear message', (_label, json, message) => {
    // act
    let thrown: unknown;
    try {
      parseSftpUsers(json);
    } catch (error) {
      thrown = error;
    }

    // assess
    expect(thrown).toBeInstanceOf(ConfigError);
    const text = `${(thrown as Error).message} ${String((thrown as Error).cause ?? '')}`;
    expect(text).toMatch(message);
    expect(text).toMatch(/RAG_SFTP_USERS/);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('PRIVATE KEY');
  });
});
