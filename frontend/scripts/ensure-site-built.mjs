#!/usr/bin/env node
// Builds the web site when frontend/dist is missing or older than its sources, so `npm start`
// always serves the current site and costs only a few file stats when it is up to date.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const frontendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(frontendDir, 'dist', 'index.html');
const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((entry) => path.join(frontendDir, entry));

function newestChange(entry) {
  if (!existsSync(entry)) return 0;
  const info = statSync(entry);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestChange(path.join(entry, child)));
  return newest;
}

export function siteIsStale() {
  if (!existsSync(builtIndex)) return true;
  const builtAt = statSync(builtIndex).mtimeMs;
  return sources.some((entry) => newestChange(entry) > builtAt);
}

export async function ensureSiteBuilt({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (!siteIsStale()) return false;
  // A NODE_ENV inherited from a test runner would otherwise build React's development bundle.
  process.env.NODE_ENV = 'production';
  let build;
  try {
    ({ build } = await import('vite'));
  } catch {
    // An install without devDependencies: serve whatever was built before, or the API alone.
    log(
      existsSync(builtIndex)
        ? 'Web site sources changed, but Vite is not installed; serving the last build.'
        : 'Web site not built and Vite is not installed (npm install); serving the API only.',
    );
    return false;
  }
  log('Building the web site…');
  await build({ configFile: path.join(frontendDir, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureSiteBuilt().catch((error) => {
    process.stderr.write(`The web site could not be built: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
