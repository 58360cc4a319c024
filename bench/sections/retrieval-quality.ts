import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type EvalDataset, goldRank, runEvaluation, summarizeRetrieval } from '#core/evaluation/index.js';
import { decodeText } from '#core/parsing/text-decoding.js';
import { openLangChainStore, splitWithLangChain } from '../pipelines/langchain-pipeline.js';
import { openProjectRuntime } from '../pipelines/project-pipeline.js';

export interface QualityResult {
  dataset: string;
  pipeline: 'project' | 'langchain';
  documents: number;
  chunks: number;
  questions: number;
  recallAt1: number;
  recallAt3: number;
  recallAt10: number;
  mrr: number;
}

/** This project's retrieval on a fresh index: hybrid vector + full-text search over its own chunks. */
export async function projectRetrievalQuality(dataset: EvalDataset, limit?: number): Promise<QualityResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-quality-'));
  const runtime = await openProjectRuntime(dataDir);
  try {
    const report = await runEvaluation(
      dataset,
      { db: runtime.db, store: runtime.store, embedder: runtime.embedder, jobs: runtime.jobs, chunking: runtime.config.chunking },
      { k: 3, retrievalOnly: true, limit },
    );
    return {
      dataset: dataset.name,
      pipeline: 'project',
      documents: dataset.documents.length,
      chunks: report.ingest.chunks,
      questions: report.overall.questions,
      recallAt1: report.overall.recall[1] ?? 0,
      recallAt3: report.overall.recall[3] ?? 0,
      recallAt10: report.overall.recall[10] ?? 0,
      mrr: report.overall.mrr,
    };
  } finally {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The LangChain pipeline: default character splitter, the same embedder, `similaritySearch` (cosine). */
export async function langChainRetrievalQuality(dataset: EvalDataset, limit?: number): Promise<QualityResult> {
  const langchain = await openLangChainStore();
  try {
    const texts = dataset.documents.map((document) => ({ source: document.source, text: decodeText(document.source, document.bytes).text }));
    const chunks = await splitWithLangChain(texts);
    await langchain.store.addDocuments(chunks);
    const questions = limit ? dataset.questions.slice(0, limit) : dataset.questions;
    const ranks: (number | undefined)[] = [];
    for (const question of questions) {
      const found = await langchain.store.similaritySearch(question.question, 10);
      ranks.push(
        goldRank(
          found.map((document) => String(document.metadata.source)),
          question.goldSources,
        ),
      );
    }
    const summary = summarizeRetrieval(ranks);
    return {
      dataset: dataset.name,
      pipeline: 'langchain',
      documents: dataset.documents.length,
      chunks: chunks.length,
      questions: questions.length,
      recallAt1: summary.recall[1] ?? 0,
      recallAt3: summary.recall[3] ?? 0,
      recallAt10: summary.recall[10] ?? 0,
      mrr: summary.mrr,
    };
  } finally {
    await langchain.close();
  }
}
