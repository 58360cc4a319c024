import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so synth works from any working directory. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Thin Lambda entry points. */
export const FUNCTIONS_DIR = path.join(REPO_ROOT, 'functions');

/** Versioned SQL migrations shipped with the core and bundled into the migration function. */
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'layers', 'core', 'store', 'migrations');

/** The built chat site. */
export const FRONTEND_DIST_DIR = path.join(REPO_ROOT, 'frontend', 'dist');

/** The es↔en lexicon files the offline improve step translates queries with. */
export const LEXICON_DIR = path.join(REPO_ROOT, 'layers', 'core', 'chat', 'lexicon');
