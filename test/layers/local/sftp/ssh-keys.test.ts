import ssh2 from 'ssh2';
import { generateEd25519KeyPair } from '#local/sftp/ssh-keys.js';

describe('generateEd25519KeyPair', () => {
  test('every pair reads back in ssh2, with its 32-byte public key whole', () => {
    // prepare: ssh2's own generator yields a malformed pair once in 256 draws, so 3,000 draws
    // would almost surely (1 − (255/256)^3000 ≈ 0.99999) include one.
    const draws = 3000;
    const unreadable: string[] = [];

    // act
    for (let i = 0; i < draws; i += 1) {
      const pair = generateEd25519KeyPair('test');
      const privateKey = ssh2.utils.parseKey(pair.private);
      const publicKey = ssh2.utils.parseKey(pair.public);
      if (privateKey instanceof Error || publicKey instanceof Error || Array.isArray(privateKey) || Array.isArray(publicKey)) {
        unreadable.push(pair.public);
        continue;
      }
      // SSH wire form: string "ssh-ed25519" (4 + 11 bytes), then the key as a 32-byte string (4 + 32).
      if (!privateKey.isPrivateKey() || publicKey.getPublicSSH().length !== 51) unreadable.push(pair.public);
    }

    // assess
    expect(unreadable).toEqual([]);
  });

  test('the comment is kept on the public key', () => {
    // act
    const pair = generateEd25519KeyPair('alice@laptop');

    // assess
    expect(pair.public).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/=]+ alice@laptop$/);
  });
});
