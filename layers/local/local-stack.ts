import '#core/polyfills.js';
import { readFile, readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { RagConfig } from '#core/config/rag-config.js';
import { ConfigError, describeError } from '#core/errors.js';
import { handleIngestBatch } from '#core/ingestion/handle-ingest-batch.js';
import { FilesystemObjectStore } from '#core/object-store/filesystem-object-store.js';
import { PostgresQueue } from '#core/queue/postgres-queue.js';
import { buildS3ObjectEvent, parseS3ObjectEvent } from '#core/queue/s3-event.js';
import { type RagRuntime, openRagRuntime } from '#core/runtime/rag-runtime.js';
import { chatDependencies, ingestDependencies } from '#core/runtime/wire-rag-runtime.js';
import { type PlannedPort, checkPortsFree, portInUseError } from './check-ports-free.js';
import { API_UPLOAD_PREFIX, LOCAL_BUCKET, createHttpApi } from './http/create-http-api.js';
import { LocalChatWorkflow } from './local-chat-workflow.js';
import { LocalQueueWorker } from './local-queue-worker.js';
import { resumeInterruptedJobs } from './resume-interrupted-jobs.js';
import { loadOrCreateHostKey, parseSftpUsers, startSftpDropServer } from './sftp/index.js';
import { sftpCollection } from './sftp/sftp-users.js';
import { LocalIdentities } from './http/local-users.js';
import { collectionOfSource } from '#core/access/source-collection.js';
import { purgeExpiredQuestions } from '#core/insights/purge-expired-questions.js';

/** How often questions past the insights retention are purged. */
const PURGE_INTERVAL_MS = 6 * 60 * 60 * 1000;

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLES_DIR = path.join(REPO_ROOT, 'samples');
export const SITE_DIR = path.join(REPO_ROOT, 'frontend', 'dist');
const SAMPLE_PREFIX = 'samples';

export interface LocalStackOptions {
  /** Where to print progress. @default stderr */
  log?: (line: string) => void;
  /** Log every HTTP request. @default false */
  requestLog?: boolean;
  /** Visibility timeout of the local queue (tests shorten it). @default 300 */
  visibilityTimeoutSeconds?: number;
  /** Queue redrive maxReceiveCount. @default 5 */
  maxReceiveCount?: number;
  /** Seconds before a failed message is retried. @default 2 */
  retryDelaySeconds?: number;
  /** Batching window of the worker. @default 300 */
  batchingWindowMs?: number;
}

export interface LocalStack {
  runtime: RagRuntime;
  http: FastifyInstance;
  httpUrl: string;
  sftpPort?: number;
  sftpHostPublicKey?: string;
  /** The host key's `SHA256:…` fingerprint, as `ssh` shows it on first connection. */
  sftpHostFingerprint?: string;
  queue: PostgresQueue;
  worker: LocalQueueWorker;
  objects: FilesystemObjectStore;
  chat: LocalChatWorkflow;
  /** Resolves when every queued document has been processed. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

/**
 * The whole product on one machine, in one process: embedded PostgreSQL, the HTTP API, the
 * SFTP drop, the object store, the durable queue and its worker — wired with local adapters
 * around the same handlers the Lambdas run.
 */
export async function startLocalStack(config: RagConfig, options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const identities = new LocalIdentities({ users: config.users, apiToken: config.apiToken });
  if (!isLoopback(config.host) && !identities.required) {
    throw new ConfigError(
      `Refusing to listen on ${config.host} without RAG_USERS or RAG_API_TOKEN: anyone on the network could read your documents. Set one, or use HOST=127.0.0.1.`,
    );
  }
  const sftpUsers = parseSftpUsers(config.sftpUsersJson);
  const dropFolders = new Map(sftpUsers.map((user) => [user.user, sftpCollection(user)]));
  const dropOwner = (key: string) => {
    const user = key.split('/')[0]!;
    return { uploader: user, collection: collectionOfSource(key, dropFolders) };
  };
  // SFTP folders share the object store with HTTP uploads and the samples; those names are taken.
  const reserved = sftpUsers.find((user) => [API_UPLOAD_PREFIX, `${SAMPLE_PREFIX}/`].includes(`${user.user.toLowerCase()}/`));
  if (reserved) throw new ConfigError(`RAG_SFTP_USERS: the user name "${reserved.user}" is reserved; choose another.`);

  // The database set-up takes seconds; a port someone else holds is known in milliseconds.
  const httpPort: PlannedPort = { port: config.port, host: config.host, variable: 'PORT', purpose: 'HTTP' };
  const sftpPlanned: PlannedPort = { port: config.sftpPort, host: config.host, variable: 'SFTP_PORT', purpose: 'SFTP' };
  await checkPortsFree(sftpUsers.length > 0 ? [httpPort, sftpPlanned] : [httpPort]);

  const runtime = await openRagRuntime(config, { purpose: 'rag serve', warmIngestWorkers: true });
  const cleanups: (() => Promise<void>)[] = [() => runtime.close()];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`shutdown: ${describeError(error)}`));
  };
  try {
    const objects = new FilesystemObjectStore(path.join(config.dataDir, 'objects'));
    const queue = new PostgresQueue(runtime.db, {
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 300,
      maxReceiveCount: options.maxReceiveCount ?? 5,
    });
    // This process holds the data folder, so whatever was in flight when it last stopped is orphaned.
    const recovered = await queue.recoverInFlight();
    if (recovered > 0) log(`Resuming ${recovered} ingest message(s) interrupted by the last shutdown.`);
    const resumed = await resumeInterruptedJobs({ jobs: runtime.jobs, queue, objects, bucket: LOCAL_BUCKET });
    if (resumed.finished + resumed.requeued + resumed.deadLettered > 0) {
      log(`Interrupted jobs: ${resumed.finished} finished, ${resumed.requeued} document(s) queued again, ${resumed.deadLettered} dead-lettered.`);
    }

    // What people asked is kept for the insights retention only: purged now and every six hours.
    const purge = async () => {
      const purged = await purgeExpiredQuestions(runtime.db, config.insightsRetentionDays).catch((error) => {
        log(`insights retention: ${describeError(error)}`);
        return 0;
      });
      if (purged > 0) log(`Purged ${purged} message(s) older than ${config.insightsRetentionDays} day(s).`);
    };
    await purge();
    const purgeTimer = setInterval(() => void purge(), PURGE_INTERVAL_MS);
    purgeTimer.unref();
    cleanups.push(async () => clearInterval(purgeTimer));

    // An index built by an older release (or with other settings) would leave questions on a
    // sequential scan until the next ingest; it is rebuilt now, before the first question.
    const index = await runtime.store.refreshIndex().catch((error) => {
      log(`vector index: ${describeError(error)}`);
      return undefined;
    });
    if (index?.kind === 'hnsw' && index.built) log(`Built the vector index over ${index.chunks} chunk(s).`);

    const ingestDeps = {
      ...ingestDependencies(runtime),
      // SFTP users' folders go to their collections; API uploads name theirs in the key.
      collectionOf: (source: string) => collectionOfSource(source, dropFolders),
      objects,
      maxReceiveCount: queue.maxReceiveCount,
      concurrency: config.ingest.concurrency,
      origin: 'queue',
      log,
    };
    const worker = new LocalQueueWorker(queue, (event, reportFailure) => handleIngestBatch(event, { ...ingestDeps, onMessageFailed: reportFailure }), {
      batchingWindowMs: options.batchingWindowMs,
      retryDelaySeconds: options.retryDelaySeconds,
      log,
      onDeadLettered: async (letters) => {
        for (const letter of letters) {
          try {
            const { key } = parseS3ObjectEvent(letter.body);
            for (const jobId of await runtime.jobs.pendingJobsFor(key)) {
              await runtime.jobs.recordDeadLetter(jobId, key, letter.reason);
            }
          } catch {
            log(`dead letter ${letter.messageId} is not an S3 event: ${letter.reason}`);
          }
        }
      },
    });
    worker.start();
    cleanups.push(() => worker.stop());

    const chat = new LocalChatWorkflow(chatDependencies(runtime));

    const enqueue = async (type: 'Object Created' | 'Object Deleted', key: string, size?: number) => {
      await queue.send([JSON.stringify(buildS3ObjectEvent(type, LOCAL_BUCKET, key, size))]);
      worker.notify();
    };

    const http = await createHttpApi({
      runtime,
      objects,
      queue,
      onQueued: () => worker.notify(),
      chat: (input, extra) => chat.run(input, extra),
      siteDir: SITE_DIR,
      queueDepth: () => queue.depth(),
      deadLetterQueue: queue,
      apiToken: config.apiToken,
      identities,
      maxUploadBytes: config.ingest.maxDocumentBytes,
      logger: options.requestLog,
      corsOrigins: config.http.corsOrigins,
      rateLimitPerMinute: config.http.rateLimitPerMinute,
    });
    cleanups.push(() => http.close());
    const address = await http.listen({ host: config.host, port: config.port }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? portInUseError(httpPort, error) : error;
    });
    const httpUrl = address.replace('[::1]', 'localhost');

    let sftpPort: number | undefined;
    let sftpHostPublicKey: string | undefined;
    let sftpHostFingerprint: string | undefined;
    if (sftpUsers.length > 0) {
      const hostKey = await loadOrCreateHostKey(path.join(config.dataDir, 'ssh_host_ed25519_key'));
      const sftp = await startSftpDropServer({
        host: config.host,
        port: config.sftpPort,
        rootDir: objects.rootDir,
        users: sftpUsers,
        hostKey: hostKey.privateKey,
        maxFileBytes: config.ingest.maxDocumentBytes,
        log,
        onObjectCreated: async ({ key, size }) => {
          await runtime.jobs.create('sftp', [{ source: key }], undefined, dropOwner(key));
          await enqueue('Object Created', key, size);
        },
        onObjectDeleted: async ({ key }) => {
          await runtime.jobs.create('sftp', [{ source: key, action: 'delete' }], undefined, dropOwner(key));
          await enqueue('Object Deleted', key);
        },
      });
      cleanups.push(() => sftp.close());
      sftpPort = sftp.port;
      sftpHostPublicKey = hostKey.publicKey;
      sftpHostFingerprint = hostKey.fingerprint;
    }

    if (config.loadSample) await loadSampleCorpus(runtime, objects, enqueue, log);

    const stack: LocalStack = {
      runtime,
      http,
      httpUrl,
      queue,
      worker,
      objects,
      chat,
      drained: () => worker.drained(),
      close: closeAll,
    };
    if (sftpPort !== undefined) stack.sftpPort = sftpPort;
    if (sftpHostPublicKey) stack.sftpHostPublicKey = sftpHostPublicKey;
    if (sftpHostFingerprint) stack.sftpHostFingerprint = sftpHostFingerprint;
    return stack;
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** On first start, queue the sample documents so the first question has something to answer from. */
async function loadSampleCorpus(
  runtime: RagRuntime,
  objects: FilesystemObjectStore,
  enqueue: (type: 'Object Created', key: string, size: number) => Promise<void>,
  log: (line: string) => void,
): Promise<void> {
  const marker = await runtime.db.query("SELECT 1 FROM index_settings WHERE key = 'sample_corpus_loaded'");
  if (marker.length > 0) return;
  const files = (await readdir(SAMPLES_DIR).catch(() => [] as string[])).filter((file) => !file.startsWith('.')).sort();
  if (files.length === 0) return;
  const keys = files.map((file) => `${SAMPLE_PREFIX}/${file}`);
  // Objects first, then the job, then the events: a kill anywhere leaves nothing a restart can't finish.
  const sizes: number[] = [];
  for (const file of files) {
    const body = new Uint8Array(await readFile(path.join(SAMPLES_DIR, file)));
    await objects.put(`${SAMPLE_PREFIX}/${file}`, body);
    sizes.push(body.byteLength);
  }
  await runtime.jobs.create(
    'sample',
    keys.map((source) => ({ source })),
  );
  for (const [i, key] of keys.entries()) await enqueue('Object Created', key, sizes[i]!);
  await runtime.db.query(`INSERT INTO index_settings (key, value) VALUES ('sample_corpus_loaded', 'true'::jsonb) ON CONFLICT (key) DO NOTHING`);
  log(`Loading ${files.length} sample document(s) (RAG_SAMPLE=0 skips this).`);
}
