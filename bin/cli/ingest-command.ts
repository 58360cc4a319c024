import { readFile } from 'node:fs/promises';
import { type RagRuntime, ingestDependencies } from '#core/runtime/index.js';
import { type IngestItem, runIngestJob } from '#core/ingestion/index.js';
import { collectFiles } from './collect-files.js';
import { formatTable, printJson, printLine } from './output.js';
import { createProgress } from './progress.js';
import { assertCollectionName } from '#core/store/collection-name.js';

export interface IngestCommandOptions {
  json?: boolean;
  prefix?: string;
  /** The collection the documents go to. @default 'default' */
  collection?: string;
}

/** `rag ingest <file|dir>…`: one job through the same pipeline the service runs. Exit 1 if any document failed. */
export async function ingestCommand(runtime: RagRuntime, inputs: string[], options: IngestCommandOptions): Promise<number> {
  const collection = options.collection === undefined ? undefined : assertCollectionName(options.collection);
  const files = await collectFiles(inputs, options.prefix);
  const jobId = await runtime.jobs.create(
    'cli',
    files.map((file) => ({ source: file.source })),
    undefined,
    collection ? { collection } : {},
  );
  const items: IngestItem[] = files.map((file) => ({
    source: file.source,
    read: async () => new Uint8Array(await readFile(file.path)),
  }));
  const progress = createProgress(items.length, 'Ingesting');
  const result = await runIngestJob(
    jobId,
    items,
    collection ? { ...ingestDependencies(runtime), collectionOf: () => collection } : ingestDependencies(runtime),
    {
      concurrency: runtime.config.ingest.concurrency,
      onProgress: (outcome, done) => progress.update(done, outcome.source),
    },
  );
  progress.stop();
  const documents = result.documents.map((d) => ({
    ...(d.documentId ? { documentId: d.documentId } : {}),
    source: d.source,
    status: d.status,
    chunks: d.chunks,
    ...(d.error ? { error: d.error } : {}),
  }));
  if (options.json) {
    printJson({ jobId: result.jobId, status: result.status, documents });
  } else {
    const failed = documents.filter((d) => d.status === 'failed');
    const counts = (status: string) => documents.filter((d) => d.status === status).length;
    printLine(`Job ${result.jobId}: ${result.status}`);
    printLine(
      `${counts('indexed')} indexed, ${counts('unchanged')} unchanged, ${failed.length} failed; ` +
        `${documents.reduce((sum, d) => sum + (d.status === 'indexed' ? d.chunks : 0), 0)} chunk(s) written`,
    );
    if (failed.length > 0) {
      printLine();
      printLine(
        formatTable(
          ['failed document', 'reason'],
          failed.map((d) => [d.source, d.error ?? '']),
        ),
      );
    }
  }
  return result.status === 'succeeded' ? 0 : 1;
}
