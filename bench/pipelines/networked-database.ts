import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort } from '../../test/support/free-port.js';

/** A PostgreSQL server reached over TCP: the engine in its own process, as Aurora is to a Lambda. */
export interface NetworkedDatabase {
  /** `postgres://…` for DATABASE_URL. */
  url: string;
  stop(): Promise<void>;
}

/** Starts a fresh database server with its data under `dataDir`; `env` points the runtime at it. */
export type DatabaseServer = (dataDir: string) => Promise<{ env: Record<string, string>; stop(): Promise<void> }>;

const require = createRequire(import.meta.url);

/**
 * Starts pglite-socket's own server (`pglite-server`, the same PGlite and pgvector build as the
 * embedded default) in a child process on a free port, with its data in `dataDir`. The engine
 * then runs on its own thread and the application reaches it over the Postgres wire protocol,
 * one round trip per statement, as it reaches Aurora on AWS.
 */
export async function startNetworkedDatabase(dataDir: string, maxConnections: number): Promise<NetworkedDatabase> {
  const port = await freePort();
  const server = path.join(path.dirname(require.resolve('@electric-sql/pglite-socket')), 'scripts', 'server.js');
  const child = spawn(
    process.execPath,
    [
      server,
      `--db=${dataDir}`,
      `--port=${port}`,
      '--host=127.0.0.1',
      '--extensions=@electric-sql/pglite-pgvector:vector',
      `--max-connections=${maxConnections}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await listening(child);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (data: Buffer) => {
      output += data.toString();
      if (output.includes('PGLiteSocketServer listening')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (data: Buffer) => {
      output += data.toString();
    });
    child.once('exit', (code) => reject(new Error(`pglite-server exited (${code}) before listening:\n${output}`)));
  });
}
