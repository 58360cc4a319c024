import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { detectLanguage } from '../chat/detect-language.js';
import { RagError } from '../errors.js';
import type { EvalDataset, EvalDocument, EvalQuestion } from './eval-dataset.js';

const PAIRS_FILE = 'question_answer_pairs.txt';
const YEAR_FOLDER = /^S\d\d$/;

interface QaRow {
  question: string;
  answer: string;
  articleFile: string;
}

/**
 * The CMU/Pitt Question-Answer Dataset layout: a year folder (`S08/`) or the folder holding
 * several (`S08/ S09/ S10/`). Every `data/set*\/a*.txt.clean` article is a document (identical
 * texts, which some years share, are ingested once); questions are the distinct questions with
 * at least one non-NULL answer, and their gold is the article they were asked of.
 */
export async function loadCmuQaDataset(folder: string, options: { years?: readonly string[] } = {}): Promise<EvalDataset> {
  const wanted = options.years && new Set(options.years);
  const years = (await yearFolders(folder)).filter((year) => !wanted || wanted.has(path.basename(year)));
  if (years.length === 0) throw new RagError('invalid_dataset', `${folder}: none of the year folders ${[...(wanted ?? [])].join(', ')}`);
  const documents: EvalDocument[] = [];
  const canonicalByPath = new Map<string, string>();
  const sourceByHash = new Map<string, string>();
  const base = years.length === 1 && path.resolve(years[0]!) === path.resolve(folder) ? path.dirname(folder) : folder;

  for (const year of years) {
    for (const file of await articleFiles(year)) {
      const bytes = new Uint8Array(await readFile(file));
      const hash = createHash('sha256').update(bytes).digest('hex');
      const source = path.relative(base, file).split(path.sep).join('/');
      const existing = sourceByHash.get(hash);
      if (existing) {
        canonicalByPath.set(path.resolve(file), existing);
        continue;
      }
      sourceByHash.set(hash, source);
      canonicalByPath.set(path.resolve(file), source);
      documents.push({ source, bytes });
    }
  }

  const byKey = new Map<string, EvalQuestion>();
  for (const year of years) {
    const rows = parseQaPairs(await readFile(path.join(year, PAIRS_FILE), 'latin1'));
    for (const row of rows) {
      const gold = canonicalByPath.get(path.resolve(year, `${row.articleFile}.txt.clean`));
      if (!gold) continue;
      const key = `${gold}\u0000${row.question}`;
      let question = byKey.get(key);
      if (!question) {
        question = {
          id: `${path.basename(year)}:${row.articleFile}:${byKey.size}`,
          question: row.question,
          language: detectLanguage(row.question),
          goldSources: [gold],
          answers: [],
        };
        byKey.set(key, question);
      }
      if (!isNullAnswer(row.answer) && !question.answers.includes(row.answer)) question.answers.push(row.answer);
    }
  }
  const questions = [...byKey.values()].filter((question) => question.answers.length > 0);
  const name = years.map((year) => path.basename(year)).join('+');
  return { name: `cmu-qa ${name}`, format: 'cmu-qa', documents, questions };
}

/** Rows of `question_answer_pairs.txt` (already decoded from Latin-1); malformed lines are skipped. */
export function parseQaPairs(text: string): QaRow[] {
  const rows: QaRow[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (index === 0 && line.startsWith('ArticleTitle')) continue;
    const fields = line.split('\t');
    if (fields.length !== 6) continue;
    const question = fields[1]!.trim();
    const articleFile = fields[5]!.trim();
    if (!question || !articleFile) continue;
    rows.push({ question, answer: fields[2]!.trim(), articleFile });
  }
  return rows;
}

function isNullAnswer(answer: string): boolean {
  return answer === '' || answer.toUpperCase() === 'NULL';
}

async function yearFolders(folder: string): Promise<string[]> {
  if (await exists(path.join(folder, PAIRS_FILE))) return [folder];
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => {
    throw new RagError('invalid_dataset', `${folder}: no such folder`);
  });
  const years = entries
    .filter((entry) => entry.isDirectory() && YEAR_FOLDER.test(entry.name))
    .map((entry) => path.join(folder, entry.name))
    .sort();
  const withPairs: string[] = [];
  for (const year of years) if (await exists(path.join(year, PAIRS_FILE))) withPairs.push(year);
  if (withPairs.length === 0) {
    throw new RagError('invalid_dataset', `${folder}: expected ${PAIRS_FILE} or year folders (S08, S09, …) holding it`);
  }
  return withPairs;
}

async function articleFiles(year: string): Promise<string[]> {
  const data = path.join(year, 'data');
  const sets = (await readdir(data, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory() && /^set\d+$/.test(entry.name))
    .map((entry) => entry.name)
    .sort(naturalOrder);
  const files: string[] = [];
  for (const set of sets) {
    const names = (await readdir(path.join(data, set))).filter((name) => /^a\d+\.txt\.clean$/.test(name)).sort(naturalOrder);
    files.push(...names.map((name) => path.join(data, set, name)));
  }
  return files;
}

function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
