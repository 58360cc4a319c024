import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DatabaseUnavailableError } from '#core/errors.js';
import { X509Certificate } from 'node:crypto';
import { databaseTls } from '#aws/lambda-runtime.js';
import { connectWithRetry } from '#core/store/connect-with-retry.js';
import { PostgresDatabase, driverTls } from '#core/store/postgres-database.js';
import { freePort } from '../../../support/free-port.js';

describe('connectWithRetry', () => {
  test('a database that refuses connections at first (Aurora resuming) is reached once it listens', async () => {
    // prepare: nothing listens on the port until the first attempt has been refused
    const pglite = await PGlite.create();
    const port = await freePort();
    const server = new PGLiteSocketServer({ db: pglite, port, host: '127.0.0.1', maxConnections: 1 });
    const refusals: string[] = [];

    // act: the Lambda connect path, through DATABASE_URL, with a generous deadline
    const db = await connectWithRetry(
      (remainingMs) =>
        PostgresDatabase.connect({
          url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
          max: 1,
          connectTimeoutSeconds: Math.ceil(remainingMs / 1000),
        }),
      {
        deadlineMs: 60_000,
        initialDelayMs: 10,
        onRetry: (_attempt, error) => {
          refusals.push((error as Error).message);
          if (refusals.length === 1) void server.start();
        },
      },
    );
    const [row] = await db.query<{ answer: number }>('select 42 as answer');
    await db.close();
    await server.stop();
    await pglite.close();

    // assess
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals[0]).toMatch(/Cannot connect/);
    expect(row).toEqual({ answer: 42 });
  });

  test('gives up with DatabaseUnavailableError at the deadline', async () => {
    // prepare: a clock that advances a second per attempt, and a port nobody listens on
    let clock = 0;
    const port = await freePort();
    let attempts = 0;

    // act
    const connecting = connectWithRetry(
      async (remainingMs) => {
        attempts += 1;
        clock += 1000;
        return PostgresDatabase.connect({
          url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
          connectTimeoutSeconds: Math.ceil(remainingMs / 1000),
        });
      },
      { deadlineMs: 5000, initialDelayMs: 100, now: () => clock, sleep: async () => {} },
    );

    // assess
    await expect(connecting).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThanOrEqual(5);
  });

  test('does not retry an error that is not about availability', async () => {
    // prepare
    let attempts = 0;

    // act
    const connecting = connectWithRetry(
      async () => {
        attempts += 1;
        throw new Error('password authentication failed');
      },
      { deadlineMs: 10_000, sleep: async () => {} },
    );

    // assess
    await expect(connecting).rejects.toThrow('password authentication failed');
    expect(attempts).toBe(1);
  });
});

describe('database TLS of the Lambda functions', () => {
  test.each([
    ['verify-full', { rejectUnauthorized: true }],
    ['require', 'require'],
    [undefined, false],
  ])('RAG_DB_SSL=%s → driver ssl %j', (mode, expected) => {
    const ssl = driverTls(databaseTls(mode));
    if (typeof expected === 'object') expect(ssl).toMatchObject(expected);
    else expect(ssl).toBe(expected);
  });

  test('verify-full trusts the RDS certificate authorities, including the 2048-bit RSA G1 roots Aurora uses', () => {
    const ssl = driverTls(databaseTls('verify-full'));
    const ca = (ssl as { ca: string[] }).ca;

    expect(ca.length).toBeGreaterThan(10);
    expect(ca.every((pem) => pem.includes('BEGIN CERTIFICATE'))).toBe(true);
    const subjects = ca.map((pem) => new X509Certificate(pem).subject);
    expect(subjects.some((subject) => /Amazon RDS us-east-1 Root CA RSA2048 G1/.test(subject))).toBe(true);
  });
});
