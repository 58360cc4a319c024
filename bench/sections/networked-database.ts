import type { CorpusFile } from '../corpora.js';
import type { IngestRun } from '../pipelines/ingest-run.js';
import { type DatabaseServer, startNetworkedDatabase } from '../pipelines/networked-database.js';
import type { Measured } from '../stats.js';
import { type ChatLatencyRow, measureChatLatency } from './chat-latency.js';
import { ingestOnce, throughputOf } from './ingest-throughput.js';

export type DatabasePlacement = 'embedded' | 'networked';

export interface NetworkedIngestRow {
  corpus: string;
  database: DatabasePlacement;
  documents: number;
  chunks: number;
  seconds: Measured;
  docsPerSecond: Measured;
  chunksPerSecond: Measured;
}

export interface NetworkedResult {
  /** Connections the server accepts, and the size of the application's pool. */
  connections: number;
  ingest: NetworkedIngestRow[];
  chat: ChatLatencyRow[];
  chatChunks: number;
}

/**
 * The pool the application opens and the connections the server accepts. One: with a pool of 4,
 * half the chats of 8 clients failed (pglite-socket runs every connection on PGlite's one
 * session, and most likely does not keep a transaction's statements together).
 */
const POOL_SIZE = 1;

/** A pglite-socket server per use, and the environment that points the runtime at it. */
const networkedServer: DatabaseServer = async (dataDir) => {
  const server = await startNetworkedDatabase(dataDir, POOL_SIZE);
  return { env: { DATABASE_URL: server.url, RAG_DB_POOL_SIZE: String(POOL_SIZE) }, stop: () => server.stop() };
};

/**
 * The AWS-shaped path on one machine: the same code with DATABASE_URL set, against the same
 * engine served over TCP from another process. Ingest is interleaved with the embedded default
 * run by run; chat latency is measured as section 4 measures it.
 */
export async function measureNetworkedDatabase(options: {
  corpora: readonly { label: string; files: readonly CorpusFile[] }[];
  chatCorpus: readonly CorpusFile[];
  questions: readonly string[];
  connections: readonly number[];
  requests: number;
  repetitions: number;
  log: (line: string) => void;
}): Promise<NetworkedResult> {
  const ingest: NetworkedIngestRow[] = [];
  for (const corpus of options.corpora) {
    const runs: Record<DatabasePlacement, IngestRun[]> = { embedded: [], networked: [] };
    for (let repetition = 1; repetition <= options.repetitions; repetition += 1) {
      const order: DatabasePlacement[] = repetition % 2 === 1 ? ['networked', 'embedded'] : ['embedded', 'networked'];
      for (const database of order) {
        const run = await ingestOnce('project', corpus.files, database === 'networked' ? networkedServer : undefined);
        runs[database].push(run);
        options.log(`  ${corpus.label} ${database} #${repetition}: ${run.documents} docs, ${run.chunks} chunks in ${run.seconds.toFixed(1)} s`);
      }
    }
    for (const database of ['embedded', 'networked'] as const) {
      ingest.push({ corpus: corpus.label, database, ...throughputOf(runs[database]) });
    }
  }
  const chat = await measureChatLatency({
    corpus: options.chatCorpus,
    questions: options.questions,
    connections: options.connections,
    requests: options.requests,
    repetitions: options.repetitions,
    database: networkedServer,
    log: options.log,
  });
  return { connections: POOL_SIZE, ingest, chat: chat.rows, chatChunks: chat.chunks };
}
