import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { RagError } from '../errors.js';
import { feedbackEvalDataset, isFeedbackDataset } from '../insights/feedback-dataset.js';
import { loadCmuQaDataset } from './cmu-qa-dataset.js';
import type { EvalDataset } from './eval-dataset.js';
import { loadSquadDataset } from './squad-dataset.js';

/** A SQuAD/XQuAD JSON file, a feedback export (`rag eval --from-feedback`), or a CMU QA folder (a year folder or the folder holding the years). */
export async function loadEvalDataset(datasetPath: string): Promise<EvalDataset> {
  const info = await stat(datasetPath).catch(() => undefined);
  if (!info) throw new RagError('invalid_dataset', `${datasetPath}: no such file or folder`);
  if (info.isDirectory()) return loadCmuQaDataset(datasetPath);
  if (datasetPath.toLowerCase().endsWith('.json')) {
    const json = await readFile(datasetPath, 'utf8')
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => undefined);
    if (isFeedbackDataset(json)) return feedbackEvalDataset(json, path.basename(datasetPath, '.json'));
    return loadSquadDataset(datasetPath);
  }
  throw new RagError('invalid_dataset', `${datasetPath}: expected a SQuAD/XQuAD .json file or a CMU QA folder`);
}
