import { readdir } from 'node:fs/promises';
import net from 'node:net';
import { loadConfig } from '#core/config/rag-config.js';
import { ConfigError } from '#core/errors.js';
import { checkPortsFree } from '#local/check-ports-free.js';
import { startLocalStack } from '#local/local-stack.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** Holds a port the way another program would, until released. */
async function occupyPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('port check before start-up', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let busy: Awaited<ReturnType<typeof occupyPort>>;
  beforeEach(async () => {
    temp = await makeTempDir('rag-ports-');
    busy = await occupyPort();
  });
  afterEach(async () => {
    await busy.release();
    await temp.cleanup();
  });

  test.each([
    ['HTTP', 'PORT', (port: number) => ({ PORT: String(port), SFTP_PORT: '0' })],
    ['SFTP', 'SFTP_PORT', (port: number) => ({ PORT: '0', SFTP_PORT: String(port), RAG_SFTP_USERS: '[{"user":"bob","password":"change-me"}]' })],
  ])('a taken %s port is named with %s before the database is set up', async (purpose, variable, ports) => {
    // prepare
    const config = loadConfig({ RAG_DATA_DIR: temp.dir, RAG_SAMPLE: '0', HOST: '127.0.0.1', ...ports(busy.port) });

    // act
    const starting = startLocalStack(config, { log: () => {} });

    // assess
    await expect(starting).rejects.toThrow(ConfigError);
    await expect(starting).rejects.toThrow(new RegExp(`^${purpose} port ${busy.port} on 127\\.0\\.0\\.1 is already in use.*${variable}=`));
    expect(await readdir(temp.dir)).toEqual([]);
  });

  test('free ports and port 0 pass', async () => {
    // prepare
    const free = await occupyPort();
    await free.release();

    // act
    const checking = checkPortsFree([
      { port: free.port, host: '127.0.0.1', variable: 'PORT', purpose: 'HTTP' },
      { port: 0, host: '127.0.0.1', variable: 'SFTP_PORT', purpose: 'SFTP' },
    ]);

    // assess
    await expect(checking).resolves.toBeUndefined();
  });
});
