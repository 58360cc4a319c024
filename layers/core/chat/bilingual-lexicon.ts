import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Language } from './detect-language.js';

/** A translation direction the offline lexicon covers. */
export type LexiconPair = 'es-en' | 'en-es';

/**
 * Where the lexicon files live: beside this module in the source tree, or RAG_LEXICON_DIR for
 * bundles that copy them elsewhere.
 */
export const DEFAULT_LEXICON_DIR = process.env.RAG_LEXICON_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'lexicon');

/** Accent-folded word form → target-language lemmas, most usual sense first. */
export type BilingualLexicon = ReadonlyMap<string, readonly string[]>;

const cache = new Map<string, BilingualLexicon>();

/** The lexicon pair for two languages, if one ships. */
export function lexiconPair(from: Language, to: Language): LexiconPair | undefined {
  const pair = `${from}-${to}`;
  return pair === 'es-en' || pair === 'en-es' ? pair : undefined;
}

/**
 * Parses a lexicon file: one line per source lemma, its accent-folded inflected forms (space
 * separated), a tab, then its translations ("|" separated). A form shared by several lemmas
 * ("casa": house, and a form of "casar": marry) gets the translations of all of them.
 */
export function parseLexicon(tsv: string): BilingualLexicon {
  const lexicon = new Map<string, string[]>();
  for (const line of tsv.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const translations = line
      .slice(tab + 1)
      .split('|')
      .map((t) => t.trim())
      .filter(Boolean);
    for (const form of line.slice(0, tab).split(' ')) {
      if (!form) continue;
      const known = lexicon.get(form);
      if (!known) lexicon.set(form, [...translations]);
      else for (const translation of translations) if (!known.includes(translation)) known.push(translation);
    }
  }
  return lexicon;
}

/**
 * The shipped lexicon for a direction, read once per process (about 0.2 s for es→en). A missing
 * file yields an empty lexicon, so a bundle without it still answers, only without translation.
 */
export function loadLexicon(pair: LexiconPair, dir: string = DEFAULT_LEXICON_DIR): BilingualLexicon {
  const key = `${dir}\0${pair}`;
  let lexicon = cache.get(key);
  if (!lexicon) {
    let tsv = '';
    try {
      tsv = gunzipSync(readFileSync(path.join(dir, `${pair}.tsv.gz`))).toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    lexicon = parseLexicon(tsv);
    cache.set(key, lexicon);
  }
  return lexicon;
}
