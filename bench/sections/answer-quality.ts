import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type EvalDataset,
  askQuestionsOver,
  loadCmuQaDataset,
  loadSquadDataset,
  runEvaluation,
  sampleQuestions,
  withoutGoldDocuments,
} from '#core/evaluation/index.js';
import { openProjectRuntime } from '../pipelines/project-pipeline.js';

/** The answer metrics of one evaluation set, as `rag eval` reports them (shares 0..1). */
export interface AnswerQualityRow {
  set: string;
  documents: number;
  questions: number;
  /** Gold passage among the chat's top 3 chunks. */
  goldInTop3: number;
  /** Factoid questions (not yes/no) and their answer metrics. */
  factoidQuestions: number;
  containsGold: number;
  exactMatch: number;
  f1: number;
  notFound: number;
  retrievedNotAnswered: number;
  shortFactoidQuestions: number;
  shortFactoidContainsGold: number;
  /** Unanswerable set only: answered anything but "not found". */
  falseAnswer?: number;
  seconds: number;
}

export interface AnswerQualityOptions {
  /** Questions asked per set (deterministic sample). */
  sample: number;
  /** Questions asked of the index without their paragraphs. */
  unanswerableSample: number;
  log: (line: string) => void;
}

/** The sets the answers section asks, each built with the same functions `rag eval` uses. */
export async function answerSets(
  dataRoot: string,
  options: Pick<AnswerQualityOptions, 'sample' | 'unanswerableSample'>,
): Promise<{ set: string; dataset: EvalDataset; unanswerable?: boolean }[]> {
  const en = await loadSquadDataset(path.join(dataRoot, 'xquad', 'xquad.en.json'));
  const es = await loadSquadDataset(path.join(dataRoot, 'xquad', 'xquad.es.json'));
  const cmu = await loadCmuQaDataset(path.join(dataRoot, 'cmu-wikipedia-qa'), { years: ['S08', 'S09'] });
  return [
    { set: 'XQuAD en', dataset: sampleQuestions(en, options.sample) },
    { set: 'XQuAD es', dataset: sampleQuestions(es, options.sample) },
    { set: 'XQuAD es→en (Spanish questions, English paragraphs)', dataset: sampleQuestions(askQuestionsOver(en, es), options.sample) },
    { set: 'CMU S08+S09', dataset: sampleQuestions(cmu, options.sample) },
    { set: 'XQuAD en unanswerable (paragraph removed)', dataset: withoutGoldDocuments(sampleQuestions(en, options.unanswerableSample)), unanswerable: true },
  ];
}

/**
 * Asks every set through the chat workflow's steps on a fresh index with default settings
 * (offline unless the environment configures providers), and keeps the answer metrics.
 */
export async function measureAnswerQuality(dataRoot: string, options: AnswerQualityOptions): Promise<AnswerQualityRow[]> {
  const rows: AnswerQualityRow[] = [];
  for (const { set, dataset, unanswerable } of await answerSets(dataRoot, options)) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-answers-'));
    const runtime = await openProjectRuntime(dataDir);
    try {
      const report = await runEvaluation(
        dataset,
        {
          db: runtime.db,
          store: runtime.store,
          embedder: runtime.embedder,
          jobs: runtime.jobs,
          chatModel: runtime.chatModel,
          chunking: runtime.config.chunking,
        },
        { k: runtime.config.retrieval.topK, unanswerable, ingestConcurrency: runtime.config.ingest.concurrency },
      );
      const answers = report.overall.answers!;
      const row: AnswerQualityRow = {
        set,
        documents: report.dataset.documents,
        questions: report.overall.questions,
        goldInTop3: answers.goldInTop3,
        factoidQuestions: answers.factoidQuestions,
        containsGold: answers.containsGold,
        exactMatch: answers.exactMatch,
        f1: answers.f1,
        notFound: answers.notFound,
        retrievedNotAnswered: answers.retrievedNotAnswered,
        shortFactoidQuestions: answers.shortFactoidQuestions,
        shortFactoidContainsGold: answers.shortFactoidContainsGold,
        seconds: report.seconds,
      };
      if (answers.falseAnswer !== undefined) row.falseAnswer = answers.falseAnswer;
      rows.push(row);
      options.log(
        `  ${set}: ${row.questions} q, contains gold ${pct(row.containsGold)}, not found ${pct(row.notFound)}, ` +
          `gold top 3 ${pct(row.goldInTop3)}, retrieved-not-answered ${pct(row.retrievedNotAnswered)}` +
          (row.falseAnswer !== undefined ? `, false answers ${pct(row.falseAnswer)}` : '') +
          ` (${row.seconds} s)`,
      );
    } finally {
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return rows;
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
