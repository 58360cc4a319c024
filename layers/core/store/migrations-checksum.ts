import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A stable digest of the migration files (names and contents). The deployment passes it to the
 * migration custom resource, and the migration function computes it over the files it ships,
 * so each side knows which set of migrations an event is about.
 */
export function migrationsChecksum(dir: string): string {
  const hash = createHash('sha256');
  if (!existsSync(dir)) return 'none';
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(dir, file)))
      .update('\0');
  }
  return hash.digest('hex');
}
