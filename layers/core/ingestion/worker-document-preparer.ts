import { Worker } from 'node:worker_threads';
import { DocumentError, type DocumentErrorReason, RagError, type RagErrorCode } from '../errors.js';
import type { DocumentPreparer, DocumentToPrepare, PrepareOptions, PreparedDocument } from './prepare-document.js';

/** A preparation error as it crosses the thread boundary, rebuilt as the same typed error. */
export type SerializedPrepareError =
  | { kind: 'document'; source: string; reason: DocumentErrorReason; detail: string }
  | { kind: 'rag'; code: RagErrorCode; message: string }
  | { kind: 'error'; message: string };

interface Pending {
  resolve: (document: PreparedDocument) => void;
  reject: (error: Error) => void;
}

interface PoolThread {
  worker: Worker;
  pending: Map<number, Pending>;
}

export interface WorkerDocumentPreparerOptions {
  /** Worker threads. @default 1 */
  threads?: number;
  /**
   * Start the threads now rather than on the first document. A thread takes about half a second
   * to load the parsers; a service warms them while it starts, so its first upload is not slower.
   * @default false
   */
  warm?: boolean;
}

const WORKER_URL = new URL('./prepare-document-worker.mjs', import.meta.url);

/**
 * Prepares documents (parse, clean, chunk) on worker threads. The main thread keeps the
 * embedded database, the HTTP API and embedding, so on a machine with two cores or more the
 * next group of documents is parsed and chunked while the previous one is written, and a
 * large PDF never blocks the API. A thread that dies fails only the documents it held, and the
 * next document gets a new thread. (No per-thread heap limit: V8 can abort the whole process
 * when a worker reaches one, so it would not isolate anything.)
 */
export class WorkerDocumentPreparer implements DocumentPreparer {
  private readonly threads: (PoolThread | undefined)[];
  private nextId = 0;
  private closed = false;

  constructor(options: WorkerDocumentPreparerOptions = {}) {
    this.threads = new Array(Math.max(1, options.threads ?? 1)).fill(undefined);
    if (options.warm) for (let slot = 0; slot < this.threads.length; slot += 1) this.threads[slot] = this.spawn(slot);
  }

  prepare(input: DocumentToPrepare, options: PrepareOptions): Promise<PreparedDocument> {
    if (this.closed) return Promise.reject(new RagError('internal_error', 'the document preparer is closed'));
    const thread = this.leastBusy();
    this.nextId += 1;
    const id = this.nextId;
    return new Promise<PreparedDocument>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.ref();
      thread.worker.postMessage({ id, input, options });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.threads.map(async (thread, i) => {
        this.threads[i] = undefined;
        if (!thread) return;
        fail(thread, 'the document preparer was closed');
        await thread.worker.terminate();
      }),
    );
  }

  private leastBusy(): PoolThread {
    let best = 0;
    for (let i = 0; i < this.threads.length; i += 1) {
      const thread = this.threads[i];
      if (!thread) {
        best = i;
        break;
      }
      if (thread.pending.size < this.threads[best]!.pending.size) best = i;
    }
    const thread = this.threads[best] ?? this.spawn(best);
    this.threads[best] = thread;
    return thread;
  }

  private spawn(slot: number): PoolThread {
    // The environment as this module sees it, not the process's original one: a host that gives
    // code its own process.env (a test runner's sandbox) must reach the thread's OCR limits too.
    const worker = new Worker(WORKER_URL, { env: process.env });
    const thread: PoolThread = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (message: { id: number; result?: PreparedDocument; error?: SerializedPrepareError }) => {
      const pending = thread.pending.get(message.id);
      if (!pending) return;
      thread.pending.delete(message.id);
      if (thread.pending.size === 0) worker.unref();
      if (message.error) pending.reject(rebuildError(message.error));
      else pending.resolve(message.result!);
    });
    const retire = (why: string) => {
      if (this.threads[slot] === thread) this.threads[slot] = undefined;
      fail(thread, why);
    };
    worker.on('error', (error: Error & { code?: string }) =>
      retire(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the preparing thread ran out of memory' : `the preparing thread failed: ${error.message}`),
    );
    worker.on('exit', (code) => retire(`the preparing thread exited with code ${code}`));
    return thread;
  }
}

function fail(thread: PoolThread, why: string): void {
  for (const [id, pending] of thread.pending) {
    thread.pending.delete(id);
    pending.reject(new RagError('internal_error', why));
  }
}

function rebuildError(error: SerializedPrepareError): Error {
  if (error.kind === 'document') return new DocumentError(error.source, error.reason, error.detail);
  if (error.kind === 'rag') return new RagError(error.code, error.message);
  return new Error(error.message);
}
