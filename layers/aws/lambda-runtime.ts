import { loadConfig } from '#core/config/rag-config.js';
import { ConfigError } from '#core/errors.js';
import { connectWithRetry } from '#core/store/connect-with-retry.js';
import { PostgresDatabase, type PostgresTls } from '#core/store/postgres-database.js';
import { catalogEmbedder } from './catalog-embedder.js';
import { rdsCertificateAuthorities } from './rds-certificate-authorities.js';
import { type RagRuntime, wireRagRuntime } from '#core/runtime/wire-rag-runtime.js';
import { LAMBDA_ENV, databaseEnvironmentSchema, readEnvironment } from '#core/config/environment-contract.js';

/** Secrets the handler middleware fetched (and caches with an expiry, since the DB password rotates). */
export interface LambdaSecrets {
  /** The Aurora managed secret: `{ username, password, … }`. */
  dbSecret?: { username?: string; password?: string } | string;
  /** The OpenAI API key secret (a plain string). */
  openAiApiKey?: string;
  /** The migration function only: each database role's login secret (`{ username, password, … }`), by role. */
  dbLogins?: Record<string, { username?: string; password?: string } | string>;
}

let cached: { key: string; runtime: Promise<RagRuntime> } | undefined;

/**
 * The RagRuntime of this Lambda container, created on first use and kept while the secrets
 * stay the same (a rotated password makes a new pool). The database is reached with the
 * `postgres` driver: `DATABASE_URL` when set, otherwise RDS Proxy at RAG_DB_HOST with the
 * managed secret. Migrations run at deploy time (custom resource), not here.
 */
export interface LambdaRuntimeOptions {
  /** `catalog`: the function lists and deletes documents but never calls a model. @default 'full' */
  models?: 'full' | 'catalog';
  /**
   * The function writes the index (ingest): it records the embedding model in index_settings. The
   * others only check it, as their database role may not write settings. @default false
   */
  writesIndex?: boolean;
}

export async function getLambdaRuntime(
  secrets: LambdaSecrets = {},
  env: NodeJS.ProcessEnv = process.env,
  options: LambdaRuntimeOptions = {},
): Promise<RagRuntime> {
  const dbSecret = typeof secrets.dbSecret === 'string' ? (JSON.parse(secrets.dbSecret) as { username?: string; password?: string }) : secrets.dbSecret;
  const key = JSON.stringify([dbSecret?.username, dbSecret?.password, secrets.openAiApiKey, options.models ?? 'full', options.writesIndex ?? false]);
  if (cached && cached.key === key) return cached.runtime;
  const previous = cached;
  const runtime = (async () => {
    const config = loadConfig({ ...env, ...(secrets.openAiApiKey ? { OPENAI_API_KEY: secrets.openAiApiKey } : {}) });
    const catalogOnly = options.models === 'catalog';
    return wireRagRuntime(config, await connectLambdaDatabase(secrets, env), {
      migrate: false,
      recordsEmbeddingModel: options.writesIndex ?? false,
      ...(catalogOnly ? { embedder: catalogEmbedder(config), chatModel: null } : {}),
    });
  })();
  cached = { key, runtime };
  runtime.catch(() => {
    if (cached?.runtime === runtime) cached = undefined;
  });
  if (previous) void previous.runtime.then((old) => old.close()).catch(() => {});
  return runtime;
}

/**
 * The longest pause between two connection attempts. A resuming Aurora refuses connections
 * at once, so trying often costs nothing, and the question that woke it gets its connection
 * within half a second of the resume instead of up to two (the chat's budget is 29 s).
 */
export const CONNECT_RETRY_MAX_DELAY_MS = 500;

/** Seconds one connection attempt may take: the rest of the deadline, at most 5. */
function attemptTimeoutSeconds(remainingMs: number): number {
  return Math.max(1, Math.min(5, Math.ceil(remainingMs / 1000)));
}

/**
 * A fresh connection to the product database: DATABASE_URL, or Aurora (or RDS Proxy) with the
 * managed secret. Attempts are retried until RAG_DB_CONNECT_DEADLINE_MS, because a paused
 * Aurora instance refuses connections while it resumes.
 */
export async function connectLambdaDatabase(secrets: LambdaSecrets = {}, env: NodeJS.ProcessEnv = process.env): Promise<PostgresDatabase> {
  const settingsFromEnv = readEnvironment(databaseEnvironmentSchema, env);
  const deadlineMs = settingsFromEnv.RAG_DB_CONNECT_DEADLINE_MS;
  const retry = {
    deadlineMs,
    maxDelayMs: CONNECT_RETRY_MAX_DELAY_MS,
    onRetry: (attempt: number, error: unknown) => console.warn(`database connect attempt ${attempt} failed, retrying: ${(error as Error).message}`),
  };
  // One connection per container: concurrency is bounded by the function's.
  if (settingsFromEnv.DATABASE_URL) {
    const url = settingsFromEnv.DATABASE_URL;
    return connectWithRetry((remainingMs) => PostgresDatabase.connect({ url, max: 1, connectTimeoutSeconds: attemptTimeoutSeconds(remainingMs) }), retry);
  }
  const dbSecret = typeof secrets.dbSecret === 'string' ? (JSON.parse(secrets.dbSecret) as { username?: string; password?: string }) : secrets.dbSecret;
  const settings = {
    host: required(settingsFromEnv.RAG_DB_HOST, LAMBDA_ENV.dbHost),
    port: settingsFromEnv.RAG_DB_PORT,
    database: settingsFromEnv.RAG_DB_NAME,
    username: dbSecret?.username ?? required(settingsFromEnv.RAG_DB_USER, LAMBDA_ENV.dbUser),
    password: dbSecret?.password,
    ssl: databaseTls(settingsFromEnv.RAG_DB_SSL),
    max: 1,
  };
  return connectWithRetry((remainingMs) => PostgresDatabase.connect({ ...settings, connectTimeoutSeconds: attemptTimeoutSeconds(remainingMs) }), retry);
}

/**
 * RAG_DB_SSL: `verify-full` checks the server certificate against the Amazon RDS certificate
 * authorities (Aurora and RDS Proxy), `require` only encrypts, anything else is plain TCP.
 */
export function databaseTls(mode: string | undefined): PostgresTls {
  if (mode === 'verify-full') return { verify: true, ca: rdsCertificateAuthorities() };
  if (mode === 'require') return 'require';
  return false;
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(`${name} is not set`);
  return value;
}

/** For tests: forget the cached runtime. */
export async function resetLambdaRuntime(): Promise<void> {
  const previous = cached;
  cached = undefined;
  if (previous) await (await previous.runtime).close().catch(() => {});
}
