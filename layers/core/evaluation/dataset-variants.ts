import { RagError } from '../errors.js';
import type { EvalDataset, EvalQuestion } from './eval-dataset.js';
import { seededRandom } from './seeded-random.js';

/**
 * `count` questions drawn by a seeded shuffle, kept in the dataset's order: the same sample on
 * every run and machine, so figures from different code can be compared.
 */
export function sampleQuestions(dataset: EvalDataset, count: number, seed = 11): EvalDataset {
  if (count >= dataset.questions.length) return dataset;
  const random = seededRandom(seed);
  const indexes = dataset.questions.map((_question, index) => index);
  for (let i = indexes.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  const chosen = new Set(indexes.slice(0, count));
  return { ...dataset, questions: dataset.questions.filter((_question, index) => chosen.has(index)) };
}

/**
 * The questions of `asked` over the corpus of `indexed`, matched by question id: XQuAD's
 * Spanish questions over its English paragraphs. Gold passages are the indexed dataset's; gold
 * answers are both files' (the documents' language first), so an answer quoting the English
 * paragraph is scored against the English span.
 */
export function askQuestionsOver(indexed: EvalDataset, asked: EvalDataset): EvalDataset {
  const byId = new Map(indexed.questions.map((question) => [question.id, question]));
  const questions: EvalQuestion[] = [];
  for (const question of asked.questions) {
    const match = byId.get(question.id);
    if (!match) continue;
    questions.push({ ...question, goldSources: match.goldSources, answers: [...new Set([...match.answers, ...question.answers])] });
  }
  if (questions.length === 0) throw new RagError('invalid_dataset', `${asked.name}: no question id matches a question of ${indexed.name}`);
  return { ...indexed, name: `${asked.name} over ${indexed.name}`, questions };
}

/**
 * The unanswerable variant: the given questions asked of the corpus without their gold
 * documents. Every answer other than "not found" is then a false answer.
 */
export function withoutGoldDocuments(dataset: EvalDataset): EvalDataset {
  const removed = new Set(dataset.questions.flatMap((question) => question.goldSources));
  return {
    ...dataset,
    name: `${dataset.name} (unanswerable)`,
    documents: dataset.documents.filter((document) => !removed.has(document.source)),
  };
}
