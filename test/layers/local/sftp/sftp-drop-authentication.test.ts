import { AUTH_DELAY_MS, BOB_PASSWORD, useSftpDropServer } from './sftp-drop-harness.js';

describe('SFTP drop server: authentication', () => {
  const drop = useSftpDropServer();
  const { logLines, sftpBatch, withPasswordSession } = drop;

  test('a wrong key is refused after the delay', async () => {
    // act
    const result = await sftpBatch(['ls', 'bye'], { key: drop.strangerKey });

    // assess
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/Permission denied/);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(AUTH_DELAY_MS);
  });

  test('an unknown user is refused like a wrong key', async () => {
    // act
    const result = await sftpBatch(['ls', 'bye'], { user: 'mallory' });

    // assess
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/Permission denied/);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(AUTH_DELAY_MS);
  });

  test.each([
    ['bob', 'wrong password'],
    ['alice', BOB_PASSWORD],
    ['nobody', BOB_PASSWORD],
  ])('password login of %s with a wrong password is refused after the delay', async (user, password) => {
    // prepare
    const started = Date.now();

    // act
    const login = withPasswordSession(user, password, async () => 'logged in');

    // assess
    await expect(login).rejects.toThrow(/authentication methods failed/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(AUTH_DELAY_MS);
  });

  test('logs never contain passwords', () => {
    expect(logLines.join('\n')).not.toContain(BOB_PASSWORD);
    expect(logLines.join('\n')).not.toContain('wrong password');
  });
});
