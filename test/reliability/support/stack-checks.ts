import type { JobDocument } from '#core/ingestion/job.js';
import type { SqlExecutor } from '#core/store/database.js';
import { chat } from '../../support/local-stack-harness.js';
import type { GoodPair } from './bad-inputs.js';
import { inconsistentDocuments, orphanChunks, rowsOf } from './store-invariants.js';

const FINAL = new Set(['succeeded', 'failed', 'partially_failed']);

/**
 * Waits until every source has a result in a finished job (SFTP creates one job per file,
 * found through `GET /api/jobs`), and returns the newest result per source.
 */
export async function finalResultsFor(url: string, sources: readonly string[], timeoutMs = 60_000): Promise<Map<string, JobDocument>> {
  const deadline = Date.now() + timeoutMs;
  const results = new Map<string, { at: string; document: JobDocument }>();
  const seenFinal = new Set<string>();
  for (;;) {
    const jobs = (await (await fetch(`${url}/api/jobs?limit=200`)).json()) as { id: string; status: string; createdAt: string }[];
    for (const summary of jobs) {
      if (!FINAL.has(summary.status) || seenFinal.has(summary.id)) continue;
      seenFinal.add(summary.id);
      const job = (await (await fetch(`${url}/api/jobs/${summary.id}`)).json()) as { documents: JobDocument[] };
      for (const document of job.documents) {
        const known = results.get(document.source);
        if (!known || known.at < summary.createdAt) results.set(document.source, { at: summary.createdAt, document });
      }
    }
    if (sources.every((source) => results.has(source))) return new Map(sources.map((source) => [source, results.get(source)!.document]));
    if (Date.now() > deadline) throw new Error(`no final job result for ${sources.filter((source) => !results.has(source)).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Health answers 200 and the chat answers a question from the batch's good documents, citing them. */
export async function expectServing(url: string, good: GoodPair, citedSource: string): Promise<void> {
  const health = await fetch(`${url}/api/health`);
  expect(health.status).toBe(200);
  const answer = await chat(url, good.question);
  expect(answer.status).toBe(200);
  expect(answer.body.answer).toContain(good.code);
  expect((answer.body.citations as { source: string }[]).map((citation) => citation.source)).toContain(citedSource);
}

/** A document is all there or not there: failed sources have no rows, every stored document is whole. */
export async function expectAllOrNothing(db: SqlExecutor, failedSources: readonly string[]): Promise<void> {
  for (const source of failedSources) expect({ source, ...(await rowsOf(db, source)) }).toEqual({ source, documents: 0, chunks: 0 });
  expect(await inconsistentDocuments(db)).toEqual([]);
  expect(await orphanChunks(db)).toBe(0);
}
