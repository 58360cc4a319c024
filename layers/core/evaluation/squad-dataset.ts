import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { detectLanguage } from '../chat/detect-language.js';
import { RagError } from '../errors.js';
import type { EvalDataset, EvalDocument, EvalQuestion } from './eval-dataset.js';

interface SquadFile {
  data: {
    title: string;
    paragraphs: { context: string; qas: { id: string; question: string; answers?: { text: string }[]; is_impossible?: boolean }[] }[];
  }[];
}

/**
 * SQuAD v1.1 / XQuAD JSON: every paragraph is its own document (source `<title>/<index>`),
 * written as the article title line followed by the paragraph, so a chunk's header names the
 * article as it would for any titled file. Gold is the paragraph a question was asked of.
 */
export function parseSquadDataset(json: string, name: string, language?: string): EvalDataset {
  let parsed: SquadFile;
  try {
    parsed = JSON.parse(json) as SquadFile;
  } catch (error) {
    throw new RagError('invalid_dataset', `${name}: not valid JSON (${(error as Error).message})`);
  }
  if (!parsed || !Array.isArray(parsed.data)) throw new RagError('invalid_dataset', `${name}: expected SQuAD JSON with a "data" array`);
  const encoder = new TextEncoder();
  const documents: EvalDocument[] = [];
  const questions: EvalQuestion[] = [];
  for (const article of parsed.data) {
    const title = article.title.replace(/_/g, ' ');
    article.paragraphs.forEach((paragraph, index) => {
      const source = `${article.title}/${index}`;
      documents.push({ source, bytes: encoder.encode(`${title}\n\n${paragraph.context}\n`) });
      for (const qa of paragraph.qas) {
        const answers = (qa.answers ?? []).map((answer) => answer.text).filter((text) => text.trim());
        if (qa.is_impossible || answers.length === 0) continue;
        questions.push({
          id: qa.id,
          question: qa.question,
          language: language ?? detectLanguage(qa.question),
          goldSources: [source],
          answers,
        });
      }
    });
  }
  return { name, format: 'squad', documents, questions };
}

/** XQuAD names its files `xquad.<lang>.json`; one language per file. */
export function languageFromFileName(file: string): string | undefined {
  return /(?:^|[._-])([a-z]{2})\.json$/i.exec(path.basename(file))?.[1]?.toLowerCase();
}

export async function loadSquadDataset(file: string): Promise<EvalDataset> {
  return parseSquadDataset(await readFile(file, 'utf8'), path.basename(file), languageFromFileName(file));
}
