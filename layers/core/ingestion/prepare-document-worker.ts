import '../polyfills.js';
import { parentPort } from 'node:worker_threads';
import { DocumentError, RagError, describeError } from '../errors.js';
import { type DocumentToPrepare, type PrepareOptions, prepareDocument } from './prepare-document.js';
import type { SerializedPrepareError } from './worker-document-preparer.js';

/** One thread of the preparer pool: prepares the documents the main thread posts, one at a time. */
parentPort!.on('message', async (message: { id: number; input: DocumentToPrepare; options: PrepareOptions }) => {
  try {
    const result = await prepareDocument(message.input, message.options);
    parentPort!.postMessage({ id: message.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: serializeError(error) });
  }
});

function serializeError(error: unknown): SerializedPrepareError {
  if (error instanceof DocumentError) {
    const prefix = `${error.source}: `;
    return {
      kind: 'document',
      source: error.source,
      reason: error.reason,
      detail: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message,
    };
  }
  if (error instanceof RagError) return { kind: 'rag', code: error.code, message: error.message };
  return { kind: 'error', message: describeError(error) };
}
