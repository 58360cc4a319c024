import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../layers/core/config/index.js';
import { type EvalMetrics, type EvalReport, loadEvalDataset, runEvaluation } from '../../layers/core/evaluation/index.js';
import { ingestDependencies, openRagRuntime } from '../../layers/core/runtime/index.js';
import { formatTable, printJson, printLine } from './output.js';
import { type Progress, createProgress } from './progress.js';

export interface EvalCommandOptions {
  k?: number;
  json?: boolean;
  limit?: number;
}

/**
 * `rag eval --dataset <path>`: ingests the dataset into a fresh temporary data folder (the
 * user's index is never touched), asks every question, and prints retrieval and answer metrics.
 */
export async function evalCommand(datasetPath: string, options: EvalCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dataset = await loadEvalDataset(path.resolve(datasetPath));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rag-eval-'));
  try {
    const config = loadConfig({ ...env, RAG_DATA_DIR: dataDir, DATABASE_URL: undefined });
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
        },
        {
          k: options.k ?? 3,
          limit: options.limit,
          ingestConcurrency: config.ingest.concurrency,
          onProgress: (stage, done, total) => {
            const bar = (bars[stage] ??= createProgress(total, stage === 'ingest' ? 'Ingesting' : 'Asking'));
            bar.update(done, '');
            if (done === total) bar.stop();
          },
        },
      );
    } finally {
      await runtime.close();
    }
    if (options.json) {
      const { questions: _perQuestion, ...summary } = report;
      printJson(summary);
    } else {
      printReport(report);
    }
    return report.ingest.failed > 0 ? 1 : 0;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function printReport(report: EvalReport): void {
  const { dataset, ingest } = report;
  printLine(`${dataset.name} (${dataset.format}): ${dataset.documents} document(s) → ${ingest.chunks} chunk(s) in ${ingest.seconds} s; ${dataset.questions} question(s)`);
  if (ingest.failed > 0) printLine(`${ingest.failed} document(s) failed to ingest: ${ingest.failures.slice(0, 3).join('; ')}`);
  printLine();
  const ks = Object.keys(report.overall.recall).map(Number);
  const rows = Object.entries(report.byLanguage).map(([language, metrics]) => metricRow(language, metrics, ks));
  if (rows.length > 1) rows.push(metricRow('all', report.overall, ks));
  printLine(formatTable(['language', 'questions', ...ks.map((k) => `recall@${k}`), 'MRR'], rows.map((row) => row.retrieval)));
  if (report.overall.answers) {
    printLine();
    printLine(
      formatTable(
        ['language', 'factoid', 'EM', 'F1', 'answer-in-answer', 'yes/no', 'yes/no acc', 'cites gold', 'unanswered'],
        rows.map((row) => row.answers),
      ),
    );
    printLine();
    printLine(`Answers by ${report.chat?.provider ?? 'local'} (${report.chat?.answerMode ?? 'n/a'}), top ${report.k} passages. EM/F1: SQuAD normalisation, best gold answer.`);
    if (report.chat?.answerMode === 'extractive') {
      printLine('Extractive answers quote whole sentences, so EM/F1 against short spans stay low; answer-in-answer counts a');
      printLine('quoted sentence that holds a gold answer; "cites gold" shows how often the quoted evidence is from the right document.');
      if (report.overall.answers.yesNoQuestions > 0) printLine('They never say "yes" or "no", so yes/no accuracy is 0 by construction.');
    }
  }
  printLine(`Retrieval: top ${report.retrievedPerQuestion} chunks per question; a chunk counts when it belongs to the gold document. ${report.seconds} s in all.`);
}

function metricRow(language: string, metrics: EvalMetrics, ks: number[]): { retrieval: string[]; answers: string[] } {
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  const answers = metrics.answers;
  return {
    retrieval: [language, String(metrics.questions), ...ks.map((k) => pct(metrics.recall[k] ?? 0)), metrics.mrr.toFixed(3)],
    answers: answers
      ? [
          language,
          String(answers.factoidQuestions),
          answers.factoidQuestions ? pct(answers.exactMatch) : '-',
          answers.factoidQuestions ? pct(answers.f1) : '-',
          answers.factoidQuestions ? pct(answers.answerInAnswer) : '-',
          String(answers.yesNoQuestions),
          answers.yesNoQuestions ? pct(answers.yesNoAccuracy) : '-',
          pct(answers.citedGold),
          pct(answers.unanswered),
        ]
      : [language],
  };
}
