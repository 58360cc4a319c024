import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { type ObjectStore, type StoredObject, assertSafeKey } from './object-store.js';

/** The local ObjectStore: objects are files under a root folder (the local twin of the S3 raw bucket). */
export class FilesystemObjectStore implements ObjectStore {
  constructor(readonly rootDir: string) {}

  private pathOf(key: string): string {
    assertSafeKey(key);
    const full = path.resolve(this.rootDir, ...key.split('/'));
    if (!full.startsWith(path.resolve(this.rootDir) + path.sep)) throw new RangeError('object key escapes the store');
    return full;
  }

  async put(key: string, body: Uint8Array): Promise<StoredObject> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const temp = path.join(path.dirname(target), `.${randomUUID()}.part`);
    await writeFile(temp, body);
    await rename(temp, target);
    return (await this.head(key))!;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw error;
    }
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const info = await stat(this.pathOf(key));
      if (!info.isFile()) return undefined;
      return { key, size: info.size, lastModified: info.mtime.toISOString() };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async list(prefix = ''): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    const walk = async (dir: string, keyPrefix: string) => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const key = keyPrefix ? `${keyPrefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), key);
        else if (entry.isFile() && key.startsWith(prefix)) {
          const info = await stat(path.join(dir, entry.name));
          out.push({ key, size: info.size, lastModified: info.mtime.toISOString() });
        }
      }
    };
    await walk(this.rootDir, '');
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }
}
