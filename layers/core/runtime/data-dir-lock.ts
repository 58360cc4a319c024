import { rmSync } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { RagError } from '../errors.js';

/**
 * The embedded database is single-process: two processes writing one data folder would
 * corrupt it. A pid lock file turns that into a clear error instead.
 */
export async function acquireDataDirLock(dataDir: string, purpose: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'db.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }));
      await handle.close();
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        await rm(lockPath, { force: true });
      };
      process.once('exit', () => {
        if (!released) {
          try {
            // Synchronous on exit: the event loop is gone.
            rmSync(lockPath, { force: true });
          } catch {
            /* nothing more can be done while exiting */
          }
        }
      });
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readHolder(lockPath);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new RagError(
          'data_dir_in_use',
          `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.purpose}). ` +
            'Stop it first, use its HTTP API, or point DATABASE_URL at a PostgreSQL server that several processes can share.',
        );
      }
      // A lock left by a process that died (kill -9): take it over.
      await rm(lockPath, { force: true });
    }
  }
  throw new RagError('data_dir_in_use', `Could not lock ${dataDir}`);
}

async function readHolder(lockPath: string): Promise<{ pid: number; purpose: string } | undefined> {
  try {
    return JSON.parse(await readFile(lockPath, 'utf8')) as { pid: number; purpose: string };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
