import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface CollectedFile {
  /** Absolute path on disk. */
  path: string;
  /** The document key: POSIX path relative to the argument's parent folder, with an optional prefix. */
  source: string;
}

/**
 * Expands files and folders (recursively) into the files to ingest. Hidden files and folders
 * are skipped. Sources are stable whatever the working directory: `rag ingest ./docs` names
 * `docs/guide.md`, and `rag ingest docs/guide.md` names `guide.md`.
 */
export async function collectFiles(inputs: readonly string[], prefix = ''): Promise<CollectedFile[]> {
  const files: CollectedFile[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(input);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new UsageError(`No such file or folder: ${input}`);
    const base = path.dirname(absolute);
    const add = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      // Sources are NFC, as over HTTP and SFTP, whatever form the file system keeps the name in.
      const relative = path.relative(base, file).split(path.sep).join('/').normalize('NFC');
      files.push({ path: file, source: prefix ? `${prefix.replace(/\/+$/, '')}/${relative}` : relative });
    };
    if (info.isFile()) {
      add(absolute);
      continue;
    }
    const walk = async (dir: string) => {
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile()) add(full);
      }
    };
    await walk(absolute);
  }
  return files;
}

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {}
