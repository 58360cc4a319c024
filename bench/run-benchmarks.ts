// `npm run bench`: measures ingest throughput, retrieval quality and latency, chat latency and
// memory, side by side with LangChain.js, and writes docs/BENCHMARKS.md, results.json and charts.
import '#core/polyfills.js';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type EvalDataset, loadCmuQaDataset, loadSquadDataset } from '#core/evaluation/index.js';
import { execFileSync } from 'node:child_process';
import { readAnswersBaseline, writeAnswersBaseline } from './answers-section.js';
import { type BenchResults, SECTIONS, type SectionName } from './bench-results.js';
import { cmuArticleFiles, readFilmPlots, writeFilmPlotFiles } from './corpora.js';
import { renderCharts, renderReport } from './render-report.js';
import { measureAnswerQuality } from './sections/answer-quality.js';
import { measureChatLatency } from './sections/chat-latency.js';
import { measureCliStartup } from './sections/cli-startup.js';
import { measureFormatIngest } from './sections/format-ingest.js';
import { measureIngestStages } from './sections/ingest-stages.js';
import { measureIngestThroughput } from './sections/ingest-throughput.js';
import { measureMemory } from './sections/memory.js';
import { measureNetworkedDatabase } from './sections/networked-database.js';
import { type LatencyResult, measureRetrievalLatency } from './sections/retrieval-latency.js';
import { langChainRetrievalQuality, projectRetrievalQuality } from './sections/retrieval-quality.js';
import { sample } from './stats.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchSettings {
  dataRoot: string;
  /** Folder for BENCHMARKS.md; results.json and the charts go in its `benchmarks/` subfolder. */
  outDir: string;
  command: string;
  sections: readonly SectionName[];
  repetitions: number;
  /** Repetitions of the film-plot ingest, the longest timed step. */
  filmIngestRepetitions: number;
  /** Cap on documents per corpus (smoke runs). */
  corpusLimit?: number;
  /** Cap on questions per dataset (smoke runs). */
  questionLimit?: number;
  latencySizes: number[];
  latencyQueries: number;
  chatRequests: number;
  chatConnections: number[];
  /** Film plots dropped into the stack while the "during ingest" chat load runs. */
  chatIngestDocuments: number;
  /** Corpus multiples measured for memory, each with its number of child-process runs. */
  memoryPlan: { copies: number; repetitions: number }[];
  /** Questions per set in the answers section (deterministic sample). */
  answersSample: number;
  /** Questions asked of the index without their paragraphs. */
  unanswerableSample: number;
  /** Where the answers section's baseline lives. */
  answersBaselineFile: string;
  /** Write this run's answer figures as the new baseline. */
  saveAnswersBaseline: boolean;
  log: (line: string) => void;
}

export function defaultSettings(overrides: Partial<BenchSettings> = {}): BenchSettings {
  return {
    dataRoot: path.resolve(REPO_ROOT, '../shared/data'),
    outDir: path.join(REPO_ROOT, 'docs'),
    command: 'npm run bench',
    sections: SECTIONS,
    repetitions: 3,
    filmIngestRepetitions: 2,
    latencySizes: [10_000, 20_000],
    latencyQueries: 60,
    chatRequests: 200,
    chatConnections: [1, 8],
    chatIngestDocuments: 1000,
    memoryPlan: [
      { copies: 1, repetitions: 3 },
      { copies: 4, repetitions: 1 },
    ],
    answersSample: 300,
    unanswerableSample: 200,
    answersBaselineFile: path.join(REPO_ROOT, 'bench', 'answers-baseline.json'),
    saveAnswersBaseline: false,
    log: (line) => process.stderr.write(`${line}\n`),
    ...overrides,
  };
}

/** Runs the selected sections and writes the report; returns what it measured. */
export async function runBenchmarks(settings: BenchSettings): Promise<BenchResults> {
  const started = performance.now();
  const { log } = settings;
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    command: settings.command,
    durationSeconds: 0,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
      memoryGiB: os.totalmem() / 1024 ** 3,
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      loadAverageAtStart: os.loadavg(),
    },
    settings: {
      repetitions: settings.repetitions,
      corpusLimit: settings.corpusLimit ?? null,
      questionLimit: settings.questionLimit ?? null,
      latencySizes: settings.latencySizes,
      latencyQueries: settings.latencyQueries,
      chatRequests: settings.chatRequests,
      chatConnections: settings.chatConnections,
      chatIngestDocuments: settings.chatIngestDocuments,
      filmIngestRepetitions: settings.filmIngestRepetitions,
      memoryPlan: settings.memoryPlan,
      answersSample: settings.answersSample,
      unanswerableSample: settings.unanswerableSample,
    },
  };
  const limit = <T>(items: readonly T[]) => (settings.corpusLimit ? items.slice(0, settings.corpusLimit) : [...items]);
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-files-'));
  try {
    const films = limit(await readFilmPlots(settings.dataRoot));
    const cmuFiles = limit(await cmuArticleFiles(settings.dataRoot));
    const cmuQuestions = (await loadCmuQaDataset(path.join(settings.dataRoot, 'cmu-wikipedia-qa'))).questions;
    const has = (section: SectionName) => settings.sections.includes(section);

    const filmFiles = await writeFilmPlotFiles(films, path.join(work, 'films'));
    if (has('ingest')) {
      log('1/5 ingest throughput');
      const all = [
        ...(await measureIngestThroughput('CMU articles', cmuFiles, settings.repetitions, log)),
        ...(await measureIngestThroughput('British film plots', filmFiles, settings.filmIngestRepetitions, log)),
      ];
      const ratios = [...new Set(all.map((r) => r.corpus))].map((corpus) => {
        const rate = (pipeline: string) => all.find((r) => r.corpus === corpus && r.pipeline === pipeline)?.chunksPerSecond.median ?? Number.NaN;
        return { corpus, vsLangChain: rate('project') / rate('langchain'), vsNaive: rate('project') / rate('naive') };
      });
      log('1/5 ingest speed per format');
      results.ingest = { results: all, ratios, stages: [], formats: await measureFormatIngest(settings.repetitions, log) };
    }

    if (has('startup')) {
      log('1/5 rag ingest and rag ask, process start included');
      results.startup = await measureCliStartup(
        cmuFiles,
        sample(
          cmuQuestions.map((q) => q.question),
          5,
          7,
        ),
        settings.repetitions,
        log,
      );
    }

    // Memory runs in child processes while the deterministic sections (quality, the ingest
    // step breakdown, which reports shares) run here: peak RSS does not depend on CPU contention.
    const memory = has('memory') ? measureMemory(settings.dataRoot, settings.memoryPlan, log, settings.corpusLimit) : undefined;
    memory?.catch(() => {});

    if (has('ingest') && results.ingest) {
      log('1/5 ingest step breakdown');
      results.ingest.stages = [await measureIngestStages('CMU articles', cmuFiles), await measureIngestStages('British film plots', filmFiles)];
    }

    if (has('quality')) {
      log('2/5 retrieval quality');
      const datasets: EvalDataset[] = [
        await loadSquadDataset(path.join(settings.dataRoot, 'xquad', 'xquad.en.json')),
        await loadSquadDataset(path.join(settings.dataRoot, 'xquad', 'xquad.es.json')),
        await loadCmuQaDataset(path.join(settings.dataRoot, 'cmu-wikipedia-qa'), { years: ['S08', 'S09'] }),
      ].map((dataset) => subsetDataset(dataset, settings.corpusLimit));
      datasets[0]!.name = 'XQuAD-en';
      datasets[1]!.name = 'XQuAD-es';
      datasets[2]!.name = 'CMU S08+S09';
      results.quality = [];
      for (const dataset of datasets) {
        for (const measure of [projectRetrievalQuality, langChainRetrievalQuality]) {
          const quality = await measure(dataset, settings.questionLimit);
          results.quality.push(quality);
          log(`  ${quality.dataset} ${quality.pipeline}: recall@3 ${quality.recallAt3.toFixed(3)}, MRR ${quality.mrr.toFixed(3)}`);
        }
      }
    }

    if (memory) {
      log('5/5 memory (waiting for the child processes)');
      const rows = await memory;
      const first = rows[0];
      const last = rows.at(-1);
      results.memory = { rows };
      if (first && last && last !== first) {
        results.memory.growth = last.peakRssMiB.median / first.peakRssMiB.median;
        results.memory.corpusGrowth = last.copies / first.copies;
      }
    }

    if (has('latency')) {
      log('3/5 retrieval latency');
      results.latency = await measureRetrievalLatency({
        realCorpus: cmuFiles,
        distractorTexts: films.map((film) => ({ title: `${film.title} (${Math.round(film.year)})`, text: film.plot })),
        queries: sample(
          cmuQuestions.map((q) => q.question),
          settings.latencyQueries,
        ),
        sizes: settings.latencySizes,
        repetitions: settings.repetitions,
        log,
      });
    }

    // The chat sections (local and networked) ask the same questions.
    const chatQuestions = sample(
      cmuQuestions.map((q) => q.question),
      100,
      11,
    );
    if (has('chat')) {
      log('4/5 chat latency');
      const chat = await measureChatLatency({
        corpus: cmuFiles,
        questions: chatQuestions,
        connections: settings.chatConnections,
        requests: settings.chatRequests,
        repetitions: settings.repetitions,
        ingestDuringChat: {
          label: `first ${Math.min(settings.chatIngestDocuments, filmFiles.length).toLocaleString('en')} British film plots`,
          files: filmFiles.slice(0, settings.chatIngestDocuments),
        },
        log,
      });
      results.chat = { ...chat, requests: settings.chatRequests };
    }

    if (has('networked')) {
      log('7/7 networked PostgreSQL (DATABASE_URL through pglite-socket)');
      results.networked = await measureNetworkedDatabase({
        corpora: [
          { label: 'CMU articles', files: cmuFiles },
          { label: 'British film plots', files: filmFiles },
        ],
        chatCorpus: cmuFiles,
        questions: chatQuestions,
        connections: settings.chatConnections,
        requests: settings.chatRequests,
        repetitions: settings.repetitions,
        log,
      });
    }

    if (has('answers')) {
      log('6/6 answer quality');
      const started = performance.now();
      const rows = await measureAnswerQuality(settings.dataRoot, { sample: settings.answersSample, unanswerableSample: settings.unanswerableSample, log });
      results.answers = { sample: settings.answersSample, unanswerableSample: settings.unanswerableSample, rows };
      if (settings.saveAnswersBaseline) {
        await writeAnswersBaseline(settings.answersBaselineFile, {
          measuredAt: new Date().toISOString(),
          commit: currentCommit(),
          command: settings.command,
          sample: settings.answersSample,
          unanswerableSample: settings.unanswerableSample,
          rows,
        });
        log(`  wrote the baseline ${settings.answersBaselineFile} (${Math.round((performance.now() - started) / 1000)} s)`);
      }
      const baseline = await readAnswersBaseline(settings.answersBaselineFile);
      if (baseline) results.answers.baseline = baseline;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  results.machine.loadAverageAtEnd = os.loadavg();
  results.durationSeconds = Math.round((performance.now() - started) / 1000);
  await writeOutputs(settings.sections.length < SECTIONS.length ? await mergeWithExisting(results, settings) : results, settings.outDir);
  log(`wrote ${path.join(settings.outDir, 'BENCHMARKS.md')} in ${(results.durationSeconds / 60).toFixed(1)} min`);
  return results;
}

function currentCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Keeps the first `maxDocuments` documents and the questions whose gold is among them. */
export function subsetDataset(dataset: EvalDataset, maxDocuments?: number): EvalDataset {
  if (!maxDocuments || dataset.documents.length <= maxDocuments) return dataset;
  const documents = dataset.documents.slice(0, maxDocuments);
  const kept = new Set(documents.map((document) => document.source));
  return { ...dataset, documents, questions: dataset.questions.filter((question) => question.goldSources.some((source) => kept.has(source))) };
}

/**
 * A run of some sections updates those sections of the existing report and keeps the others,
 * noting which command produced which.
 */
async function mergeWithExisting(results: BenchResults, settings: BenchSettings): Promise<BenchResults> {
  const file = path.join(settings.outDir, 'benchmarks', 'results.json');
  const existing = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as BenchResults,
    () => undefined,
  );
  if (!existing) return results;
  const merged: BenchResults = { ...existing, reruns: [...(existing.reruns ?? [])] };
  for (const section of settings.sections) {
    if (section === 'ingest') merged.ingest = results.ingest;
    if (section === 'startup') merged.startup = results.startup;
    if (section === 'quality') merged.quality = results.quality;
    if (section === 'latency') merged.latency = existing.latency && results.latency ? mergeLatencyBySize(existing.latency, results.latency) : results.latency;
    if (section === 'chat') merged.chat = results.chat;
    if (section === 'memory') merged.memory = results.memory;
    if (section === 'answers') merged.answers = results.answers;
    if (section === 'networked') merged.networked = results.networked;
  }
  merged.reruns!.push({
    command: results.command,
    sections: [...settings.sections],
    generatedAt: results.generatedAt,
    durationSeconds: results.durationSeconds,
    machine: results.machine,
  });
  return merged;
}

/**
 * Latency is measured per corpus size, and the largest size takes longer than the rest of the
 * run together: a rerun at some sizes replaces those sizes and keeps the others.
 */
export function mergeLatencyBySize(existing: LatencyResult, rerun: LatencyResult): LatencyResult {
  const sizes = new Set(rerun.rows.map((row) => row.chunks));
  const keep = <T extends { chunks: number }>(old: readonly T[], fresh: readonly T[]): T[] =>
    [...old.filter((entry) => !sizes.has(entry.chunks)), ...fresh].sort((a, b) => a.chunks - b.chunks);
  return {
    ...rerun,
    rows: keep(existing.rows, rerun.rows),
    breakdown: keep(existing.breakdown, rerun.breakdown),
    hnswRecallAt10: keep(existing.hnswRecallAt10, rerun.hnswRecallAt10),
    hnswRecallByEfSearch: keep(existing.hnswRecallByEfSearch, rerun.hnswRecallByEfSearch),
    hnswBuildSeconds: keep(existing.hnswBuildSeconds, rerun.hnswBuildSeconds),
    distractorLoadSeconds: keep(existing.distractorLoadSeconds, rerun.distractorLoadSeconds),
    incrementalGrowth: keep(existing.incrementalGrowth ?? [], rerun.incrementalGrowth ?? []),
  };
}

async function writeOutputs(results: BenchResults, outDir: string): Promise<void> {
  const chartsDir = path.join(outDir, 'benchmarks');
  await mkdir(chartsDir, { recursive: true });
  await writeFile(path.join(chartsDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  for (const [file, svg] of Object.entries(renderCharts(results))) await writeFile(path.join(chartsDir, file), svg);
  await writeFile(
    path.join(outDir, 'BENCHMARKS.md'),
    renderReport(results, (file) => `benchmarks/${file}`),
  );
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      data: { type: 'string' },
      sections: { type: 'string' },
      sizes: { type: 'string' },
      repetitions: { type: 'string' },
      'render-only': { type: 'boolean', default: false },
      'answers-sample': { type: 'string' },
      'unanswerable-sample': { type: 'string' },
      'save-answers-baseline': { type: 'boolean', default: false },
    },
  });
  if (values['render-only']) {
    const outDir = values.out ? path.resolve(values.out) : path.join(REPO_ROOT, 'docs');
    const results = JSON.parse(await readFile(path.join(outDir, 'benchmarks', 'results.json'), 'utf8')) as BenchResults;
    await writeOutputs(results, outDir);
    return;
  }
  const script = process.env.npm_lifecycle_event;
  const command = script
    ? `npm run ${script}${argv.length ? ` -- ${argv.join(' ')}` : ''}`
    : `node --import tsx bench/run-benchmarks.ts ${argv.join(' ')}`.trim();
  const quick: Partial<BenchSettings> = values.quick
    ? {
        repetitions: 1,
        corpusLimit: 60,
        questionLimit: 100,
        latencySizes: [5_000],
        latencyQueries: 20,
        chatRequests: 20,
        chatIngestDocuments: 40,
        filmIngestRepetitions: 1,
        answersSample: 60,
        unanswerableSample: 30,
        memoryPlan: [
          { copies: 1, repetitions: 1 },
          { copies: 4, repetitions: 1 },
        ],
      }
    : {};
  const settings = defaultSettings({
    ...quick,
    command,
    ...(values.out ? { outDir: path.resolve(values.out) } : {}),
    ...(values.data ? { dataRoot: path.resolve(values.data) } : {}),
    ...(values.sections ? { sections: values.sections.split(',').map((s) => s.trim()) as SectionName[] } : {}),
    ...(values.sizes ? { latencySizes: values.sizes.split(',').map(Number) } : {}),
    ...(values.repetitions ? { repetitions: Number(values.repetitions) } : {}),
    ...(values['answers-sample'] ? { answersSample: Number(values['answers-sample']) } : {}),
    ...(values['unanswerable-sample'] ? { unanswerableSample: Number(values['unanswerable-sample']) } : {}),
    saveAnswersBaseline: values['save-answers-baseline'] === true,
  });
  await runBenchmarks(settings);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
