import type { RagRuntime } from '#core/runtime/index.js';
import { documentStatusLabel } from './document-status-label.js';
import { formatTable, printJson, printLine } from './output.js';

/** `rag jobs [<jobId>]`: recent jobs, or one job with its documents and audit events. */
export async function jobsCommand(runtime: RagRuntime, jobId: string | undefined, options: { json?: boolean }): Promise<number> {
  if (!jobId) {
    const jobs = await runtime.jobs.list();
    if (options.json) printJson(jobs);
    else if (jobs.length === 0) printLine('No ingestion jobs yet. Run `rag ingest <file|folder>`.');
    else
      printLine(
        formatTable(
          ['job', 'status', 'origin', 'documents', 'failed', 'created'],
          jobs.map((j) => [j.id, j.status, j.origin, `${j.progress.done}/${j.progress.total}`, String(j.progress.failed), j.createdAt]),
        ),
      );
    return 0;
  }
  const job = await runtime.jobs.get(jobId);
  if (!job) {
    if (options.json) printJson({ error: { code: 'not_found', message: `No job ${jobId}` } });
    else process.stderr.write(`No job ${jobId}\n`);
    return 1;
  }
  if (options.json) {
    printJson(job);
    return 0;
  }
  printLine(`Job ${job.id}  ${job.status}  (${job.origin}, created ${job.createdAt}${job.finishedAt ? `, finished ${job.finishedAt}` : ''})`);
  printLine();
  printLine(
    formatTable(
      ['document', 'status', 'chunks', 'error'],
      job.documents.map((d) => [d.source, documentStatusLabel(d, job.events), String(d.chunks), d.error ?? '']),
    ),
  );
  printLine();
  printLine(
    formatTable(
      ['at', 'event', 'document', 'detail'],
      job.events.map((e) => [e.at, e.type, e.source ?? '', e.detail]),
    ),
  );
  return 0;
}
