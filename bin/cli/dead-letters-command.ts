import { PostgresQueue } from '#core/queue/postgres-queue.js';
import { parseS3ObjectEvent } from '#core/queue/s3-event.js';
import type { RagRuntime } from '#core/runtime/index.js';
import { formatTable, printJson, printLine } from './output.js';

function keyOf(body: string): string {
  try {
    return parseS3ObjectEvent(body).key;
  } catch {
    return '(not an S3 event)';
  }
}

/** `rag dead-letters`: messages the local queue gave up on, with their reasons. */
export async function deadLettersCommand(runtime: RagRuntime, options: { json?: boolean }): Promise<number> {
  const letters = await new PostgresQueue(runtime.db).deadLetters();
  if (options.json) {
    printJson(letters);
    return 0;
  }
  if (letters.length === 0) {
    printLine('No dead letters.');
    return 0;
  }
  printLine(
    formatTable(
      ['id', 'object', 'receives', 'reason', 'dead-lettered'],
      letters.map((l) => [l.id, keyOf(l.body), String(l.receiveCount), l.reason, l.deadLetteredAt]),
    ),
  );
  printLine('Re-drive them with `rag redrive [id…]` once the cause is fixed.');
  return 0;
}

/** `rag redrive [id…]`: moves dead letters (all, or the given ids) back to the queue. */
export async function redriveCommand(runtime: RagRuntime, ids: string[], options: { json?: boolean }): Promise<number> {
  const redriven = await new PostgresQueue(runtime.db).redrive(ids.length > 0 ? ids : undefined);
  if (options.json) printJson({ redriven });
  else printLine(`${redriven} message(s) moved back to the queue; \`rag serve\` processes them.`);
  return 0;
}
