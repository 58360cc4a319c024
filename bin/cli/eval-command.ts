import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '#core/config/index.js';
import {
  type EvalDataset,
  type EvalMetrics,
  type EvalReport,
  askQuestionsOver,
  loadEvalDataset,
  runEvaluation,
  sampleQuestions,
  UnsavedConversations,
  withoutGoldDocuments,
} from '#core/evaluation/index.js';
import { exportFeedbackDataset } from '#core/insights/index.js';
import { ingestDependencies, openRagRuntime } from '#core/runtime/index.js';
import { formatTable, printJson, printLine } from './output.js';
import { type Progress, createProgress } from './progress.js';

export interface EvalCommandOptions {
  k?: number;
  json?: boolean;
  limit?: number;
  /** Ask a deterministic sample of this many questions. */
  sample?: number;
  /** Ask this file's questions (matched by question id) over the dataset's documents. */
  questions?: string;
  /** Index the corpus without the asked questions' gold documents and report false answers. */
  unanswerable?: boolean;
  /** Write one JSON line per question here. */
  details?: string;
}

/**
 * `rag eval --from-feedback <file>`: writes the questions people rated down or that were answered
 * "not found" (the last `days` days) as a dataset; `rag eval --dataset <file>` asks them again of
 * the current index.
 */
export async function exportFeedbackCommand(file: string, options: { days?: number; json?: boolean }, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const runtime = await openRagRuntime(loadConfig(env), { purpose: 'rag eval --from-feedback' });
  try {
    const dataset = await exportFeedbackDataset(runtime.db, { days: options.days });
    await writeFile(path.resolve(file), `${JSON.stringify(dataset, null, 2)}\n`);
    const down = dataset.questions.filter((question) => question.reason === 'thumbs_down').length;
    if (options.json) printJson({ file: path.resolve(file), questions: dataset.questions.length, thumbsDown: down, notFound: dataset.questions.length - down });
    else
      printLine(
        `Wrote ${dataset.questions.length} question(s) to ${file}: ${down} rated down, ${dataset.questions.length - down} answered "not found". Run: rag eval --dataset ${file}`,
      );
    return 0;
  } finally {
    await runtime.close();
  }
}

/** Questions asked in an unanswerable run when --sample is not given: their paragraphs leave the index. */
export const DEFAULT_UNANSWERABLE_SAMPLE = 100;

/** The dataset a `rag eval` run asks: the --questions, --sample and --unanswerable variants applied in that order. */
export async function evalDataset(datasetPath: string, options: Pick<EvalCommandOptions, 'questions' | 'sample' | 'unanswerable'>): Promise<EvalDataset> {
  let dataset = await loadEvalDataset(path.resolve(datasetPath));
  if (options.questions) dataset = askQuestionsOver(dataset, await loadEvalDataset(path.resolve(options.questions)));
  const sample = options.sample ?? (options.unanswerable ? DEFAULT_UNANSWERABLE_SAMPLE : undefined);
  if (sample) dataset = sampleQuestions(dataset, sample);
  if (options.unanswerable) dataset = withoutGoldDocuments(dataset);
  return dataset;
}

/**
 * `rag eval --dataset <path>`: ingests the dataset into a fresh temporary data folder (the
 * user's index is never touched), asks every question, and prints retrieval and answer metrics.
 */
export async function evalCommand(datasetPath: string, options: EvalCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dataset = await evalDataset(datasetPath, options);
  // A feedback export is asked of the team's own index, keeping no conversation; any other dataset gets a fresh one.
  const ownIndex = dataset.format === 'rag-feedback';
  const dataDir = ownIndex ? undefined : await mkdtemp(path.join(os.tmpdir(), 'rag-eval-'));
  try {
    const config = dataDir ? loadConfig({ ...env, RAG_DATA_DIR: dataDir, DATABASE_URL: undefined }) : loadConfig(env);
    const runtime = await openRagRuntime(config, { purpose: 'rag eval' });
    let report: EvalReport;
    try {
      process.stderr.write(`Evaluating ${dataset.name}: ${dataset.documents.length} document(s), ${dataset.questions.length} question(s)\n`);
      const bars: Partial<Record<'ingest' | 'questions', Progress>> = {};
      report = await runEvaluation(
        dataset,
        {
          ...ingestDependencies(runtime),
          db: runtime.db,
          chatModel: runtime.chatModel,
          ...(ownIndex ? { conversations: new UnsavedConversations(runtime.db) } : {}),
        },
        {
          k: options.k ?? config.retrieval.topK,
          limit: options.limit,
          unanswerable: options.unanswerable,
          ingestConcurrency: config.ingest.concurrency,
          onProgress: (stage, done, total) => {
            const bar = bars[stage] ?? createProgress(total, stage === 'ingest' ? 'Ingesting' : 'Asking');
            bars[stage] = bar;
            bar.update(done, '');
            if (done === total) bar.stop();
          },
        },
      );
    } finally {
      await runtime.close();
    }
    if (options.details) await writeFile(path.resolve(options.details), `${report.questions.map((question) => JSON.stringify(question)).join('\n')}\n`);
    const feedback = ownIndex ? feedbackRunSummary(report, dataset) : undefined;
    if (options.json) {
      const { questions: _perQuestion, ...summary } = report;
      printJson(feedback ? { ...summary, feedback } : summary);
    } else if (feedback) {
      printLine(
        `${dataset.name}: ${feedback.questions} question(s) from feedback, asked of your index: ${feedback.answeredNow} answered now, ${feedback.stillNotFound} still "not found".`,
      );
      if (feedback.withGoldSource > 0) {
        printLine(
          `Of the ${feedback.withGoldSource} whose rater named the right document: ${feedback.goldInTop3} find it in the top 3, ${feedback.goldCited} cite it.`,
        );
      }
    } else {
      printReport(report);
    }
    return report.ingest.failed > 0 ? 1 : 0;
  } finally {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * What a feedback dataset's run says: how many of the questions are answered now, and, of those
 * whose rater named the right document, how many find and cite it. (Recall over questions with
 * no named document would read as failures, so it is not the headline here.)
 */
export function feedbackRunSummary(report: EvalReport, dataset: EvalDataset) {
  const withGold = new Set(dataset.questions.filter((question) => question.goldSources.length > 0).map((question) => question.id));
  const answeredNow = report.questions.filter((result) => result.notFound === 0).length;
  const gold = report.questions.filter((result) => withGold.has(result.id));
  return {
    questions: report.questions.length,
    answeredNow,
    stillNotFound: report.questions.length - answeredNow,
    withGoldSource: gold.length,
    goldInTop3: gold.filter((result) => result.chatRank !== undefined && result.chatRank <= 3).length,
    goldCited: gold.filter((result) => result.citedGold === 1).length,
  };
}

function printReport(report: EvalReport): void {
  const { dataset, ingest } = report;
  printLine(
    `${dataset.name} (${dataset.format}): ${dataset.documents} document(s) → ${ingest.chunks} chunk(s) in ${ingest.seconds} s; ${dataset.questions} question(s)`,
  );
  if (ingest.failed > 0) printLine(`${ingest.failed} document(s) failed to ingest: ${ingest.failures.slice(0, 3).join('; ')}`);
  printLine();
  const ks = Object.keys(report.overall.recall).map(Number);
  const languages = Object.entries(report.byLanguage);
  const rows = languages.map(([language, metrics]) => metricRow(language, metrics, ks));
  if (rows.length > 1) rows.push(metricRow('all', report.overall, ks));
  const answers = report.overall.answers;
  if (report.unanswerable) {
    printLine('Unanswerable: the questions\' gold passages are not in the index, so any answer but "not found" is false.');
    if (answers)
      printLine(
        formatTable(
          ['language', 'questions', 'not found', 'false answers'],
          rows.map((row) => row.unanswerable),
        ),
      );
    printLine(`Answers by ${report.chat?.provider ?? 'local'} (${report.chat?.answerMode ?? 'n/a'}), top ${report.k} passages. ${report.seconds} s in all.`);
    return;
  }
  printLine(
    formatTable(
      ['language', 'questions', ...ks.map((k) => `recall@${k}`), 'MRR'],
      rows.map((row) => row.retrieval),
    ),
  );
  if (answers) {
    printLine();
    printLine(
      formatTable(
        [
          'language',
          'factoid',
          'contains gold',
          'span EM',
          'span F1',
          'short',
          'short contains',
          'yes/no',
          'yes/no acc',
          'not found',
          'gold top 3',
          'retrieved, not answered',
        ],
        rows.map((row) => row.answers),
      ),
    );
    printLine();
    printLine(`Answers by ${report.chat?.provider ?? 'local'} (${report.chat?.answerMode ?? 'n/a'}), top ${report.k} passages.`);
    printLine('contains gold: a gold answer appears in the answer (accent- and case-insensitive). span EM/F1: SQuAD scores of the');
    printLine("answer's bold span, else of its quoted text. short: gold of 1–4 words, not yes/no. gold top 3: a gold passage among");
    printLine("the chat's top 3 chunks; retrieved, not answered: that, yet the answer misses the gold answer.");
    if (report.chat?.answerMode === 'extractive' && answers.yesNoQuestions > 0)
      printLine('Answers that only quote evidence never say "yes" or "no"; yes/no accuracy counts a committed yes or no.');
  }
  printLine(
    `Retrieval: top ${report.retrievedPerQuestion} chunks per question; a chunk counts when it belongs to the gold document. ${report.seconds} s in all.`,
  );
}

function metricRow(language: string, metrics: EvalMetrics, ks: number[]): { retrieval: string[]; answers: string[]; unanswerable: string[] } {
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  const answers = metrics.answers;
  return {
    retrieval: [language, String(metrics.questions), ...ks.map((k) => pct(metrics.recall[k] ?? 0)), metrics.mrr.toFixed(3)],
    answers: answers
      ? [
          language,
          String(answers.factoidQuestions),
          answers.factoidQuestions ? pct(answers.containsGold) : '-',
          answers.factoidQuestions ? pct(answers.exactMatch) : '-',
          answers.factoidQuestions ? pct(answers.f1) : '-',
          String(answers.shortFactoidQuestions),
          answers.shortFactoidQuestions ? pct(answers.shortFactoidContainsGold) : '-',
          String(answers.yesNoQuestions),
          answers.yesNoQuestions ? pct(answers.yesNoAccuracy) : '-',
          pct(answers.notFound),
          pct(answers.goldInTop3),
          pct(answers.retrievedNotAnswered),
        ]
      : [language],
    unanswerable: answers ? [language, String(metrics.questions), pct(answers.notFound), pct(answers.falseAnswer ?? 1 - answers.notFound)] : [language],
  };
}
