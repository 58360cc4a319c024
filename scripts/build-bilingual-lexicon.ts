/**
 * Builds the offline Spanish ↔ English lexicon (layers/core/chat/lexicon/*.tsv.gz) from Debian's
 * `apertium-eng-spa` package: its bilingual dictionaries give lemma pairs and its morphological
 * analysers give every inflected form of each lemma ("nació" → nacer → "born").
 *
 *   apt-get install lttoolbox-dev        # lt-print, to read the compiled transducers
 *   node --import tsx scripts/build-bilingual-lexicon.ts
 *
 * Output, one file per direction, one line per source lemma:
 *   <accent-folded inflected forms, space separated> TAB <target lemmas, "|" separated>
 * Only content words (nouns, verbs, adjectives, adverbs, proper nouns) are kept: function words
 * are dropped by the query translator anyway. The data is GPL-2 (see lexicon/SOURCE.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { foldText } from '#core/text/fold-text.js';

const PACKAGE = 'apertium-eng-spa';
const CONTENT_TAGS = new Set(['n', 'vblex', 'adj', 'adv', 'np']);
const MAX_TRANSLATIONS = 4;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repoRoot, 'layers/core/chat/lexicon');

interface Arc {
  to: string;
  input: string;
  output: string;
}

/** The transducer(s) in an `lt-print` (AT&T text) dump: sections are separated by "--". */
function readAtt(binFile: string): { arcs: Map<string, Arc[]>; finals: Set<string> }[] {
  const text = execFileSync('lt-print', [binFile], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return text.split(/^--$/m).map((section) => {
    const arcs = new Map<string, Arc[]>();
    const finals = new Set<string>();
    for (const line of section.split('\n')) {
      if (!line) continue;
      const fields = line.split('\t');
      if (fields.length <= 2) {
        finals.add(fields[0]!);
        continue;
      }
      const [from, to, input, output] = fields as [string, string, string, string];
      const list = arcs.get(from) ?? [];
      list.push({ to, input: input === 'ε' ? '' : input, output: output === 'ε' ? '' : output });
      arcs.set(from, list);
    }
    return { arcs, finals };
  });
}

/**
 * Every input:output path of the transducers whose input stays acceptable. Pruning on the input
 * skips the numbers, URLs and clitic combinations that make these transducers cyclic or huge.
 */
function* paths(binFile: string, acceptInput: (symbol: string) => boolean): Generator<[string, string]> {
  for (const { arcs, finals } of readAtt(binFile)) {
    const stack: { state: string; input: string; output: string; seen: Set<string> }[] = [{ state: '0', input: '', output: '', seen: new Set(['0']) }];
    while (stack.length > 0) {
      const { state, input, output, seen } = stack.pop()!;
      if (finals.has(state)) yield [input, output];
      if (input.length > 60) continue;
      for (const arc of arcs.get(state) ?? []) {
        if (seen.has(arc.to) || (arc.input && !acceptInput(arc.input))) continue;
        stack.push({ state: arc.to, input: input + arc.input, output: output + arc.output, seen: new Set(seen).add(arc.to) });
      }
    }
  }
}

const LETTER = /^\p{L}$/u;
const LEMMA = /^([^<]+)<([a-z]+)>/;

/** Source lemma + part of speech → target lemmas, from a bilingual dictionary. */
function bilingualPairs(binFile: string): Map<string, string[]> {
  const pairs = new Map<string, string[]>();
  const acceptLemmaChar = (symbol: string) => LETTER.test(symbol) || symbol === ' ' || symbol === '#' || symbol === '-' || symbol.startsWith('<');
  for (const [input, output] of paths(binFile, acceptLemmaChar)) {
    const source = LEMMA.exec(input);
    const target = LEMMA.exec(output);
    if (!source || !target || !CONTENT_TAGS.has(source[2]!)) continue;
    const translation = target[1]!.replace(/#/g, '').replace(/\s+/g, ' ').trim();
    if (!translation || /\d/.test(translation)) continue;
    const key = `${source[1]!.replace(/#/g, '').trim()}<${source[2]}>`;
    const list = pairs.get(key) ?? [];
    if (!list.includes(translation)) list.push(translation);
    pairs.set(key, list);
  }
  return pairs;
}

/** Source lemma + part of speech → its surface forms, from a morphological analyser. */
function inflectedForms(binFile: string): Map<string, Set<string>> {
  const forms = new Map<string, Set<string>>();
  for (const [surface, analysis] of paths(binFile, (symbol) => LETTER.test(symbol))) {
    if (analysis.includes('+') || analysis.includes('#')) continue;
    const lemma = LEMMA.exec(analysis);
    if (!lemma || !CONTENT_TAGS.has(lemma[2]!)) continue;
    const key = `${lemma[1]}<${lemma[2]}>`;
    const set = forms.get(key) ?? new Set<string>();
    set.add(surface);
    forms.set(key, set);
  }
  return forms;
}

function buildDirection(dataDir: string, from: 'spa' | 'eng', to: 'spa' | 'eng'): string {
  const pairs = bilingualPairs(path.join(dataDir, `${from}-${to}.autobil.bin`));
  const forms = inflectedForms(path.join(dataDir, `${from}-${to}.automorf.bin`));
  const lines: string[] = [];
  for (const [key, translations] of [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const lemma = key.slice(0, key.indexOf('<'));
    const folded = new Set([lemma, ...(forms.get(key) ?? [])].map((form) => foldText(form)).filter((form) => !/\s/.test(form)));
    // Cognates stay ("capital" → capital, main): the translator then keeps the word itself. Names
    // that are spelt alike in both languages add nothing and are left out.
    const isName = key.endsWith('<np>');
    const targets = translations.filter((translation) => !isName || foldText(translation) !== foldText(lemma)).slice(0, MAX_TRANSLATIONS);
    if (folded.size === 0 || targets.length === 0) continue;
    lines.push(`${[...folded].sort().join(' ')}\t${targets.join('|')}`);
  }
  return `${lines.join('\n')}\n`;
}

function main(): void {
  if (spawnSync('lt-print', ['-h']).error) throw new Error('lt-print not found: apt-get install lttoolbox-dev');
  const work = mkdtempSync(path.join(tmpdir(), 'lexicon-'));
  try {
    execFileSync('apt-get', ['download', PACKAGE], { cwd: work, stdio: 'inherit' });
    const deb = readdirSync(work).find((name) => name.startsWith(PACKAGE) && name.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${PACKAGE} produced no .deb`);
    execFileSync('dpkg-deb', ['-x', deb, 'root'], { cwd: work });
    const dataDir = path.join(work, 'root/usr/share/apertium', PACKAGE);
    for (const [from, to, name] of [
      ['spa', 'eng', 'es-en'],
      ['eng', 'spa', 'en-es'],
    ] as const) {
      const tsv = buildDirection(dataDir, from, to);
      // mtime 0 keeps the gzip bytes stable from one build to the next.
      writeFileSync(path.join(outDir, `${name}.tsv.gz`), gzipSync(Buffer.from(tsv), { level: 9 }));
      console.log(`${name}: ${tsv.split('\n').length - 1} lemmas, ${Buffer.byteLength(tsv)} bytes`);
    }
    console.log(`from ${deb}; copyright: ${readFileSync(path.join(work, 'root/usr/share/doc', PACKAGE, 'copyright'), 'utf8').match(/^License: .*/m)?.[0]}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
