import { stat } from 'node:fs/promises';
import { RagError } from '../errors.js';
import { loadCmuQaDataset } from './cmu-qa-dataset.js';
import type { EvalDataset } from './eval-dataset.js';
import { loadSquadDataset } from './squad-dataset.js';

/** A SQuAD/XQuAD JSON file, or a CMU QA folder (a year folder or the folder holding the years). */
export async function loadEvalDataset(datasetPath: string): Promise<EvalDataset> {
  const info = await stat(datasetPath).catch(() => undefined);
  if (!info) throw new RagError('invalid_dataset', `${datasetPath}: no such file or folder`);
  if (info.isDirectory()) return loadCmuQaDataset(datasetPath);
  if (datasetPath.toLowerCase().endsWith('.json')) return loadSquadDataset(datasetPath);
  throw new RagError('invalid_dataset', `${datasetPath}: expected a SQuAD/XQuAD .json file or a CMU QA folder`);
}
