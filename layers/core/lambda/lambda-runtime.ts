import { loadConfig } from '../config/rag-config.js';
import { ConfigError } from '../errors.js';
import { PostgresDatabase } from '../store/postgres-database.js';
import { type RagRuntime, wireRagRuntime } from '../runtime/wire-rag-runtime.js';

/** Secrets the handler middleware fetched (and caches with an expiry, since the DB password rotates). */
export interface LambdaSecrets {
  /** The Aurora managed secret: `{ username, password, … }`. */
  dbSecret?: { username?: string; password?: string } | string;
  /** The OpenAI API key secret (a plain string). */
  openAiApiKey?: string;
}

let cached: { key: string; runtime: Promise<RagRuntime> } | undefined;

/**
 * The RagRuntime of this Lambda container, created on first use and kept while the secrets
 * stay the same (a rotated password makes a new pool). The database is reached with the
 * `postgres` driver: `DATABASE_URL` when set, otherwise RDS Proxy at RAG_DB_HOST with the
 * managed secret. Migrations run at deploy time (custom resource), not here.
 */
export async function getLambdaRuntime(secrets: LambdaSecrets = {}, env: NodeJS.ProcessEnv = process.env): Promise<RagRuntime> {
  const dbSecret = typeof secrets.dbSecret === 'string' ? (JSON.parse(secrets.dbSecret) as { username?: string; password?: string }) : secrets.dbSecret;
  const key = JSON.stringify([dbSecret?.username, dbSecret?.password, secrets.openAiApiKey]);
  if (cached && cached.key === key) return cached.runtime;
  const previous = cached;
  const runtime = (async () => {
    const config = loadConfig({ ...env, ...(secrets.openAiApiKey ? { OPENAI_API_KEY: secrets.openAiApiKey } : {}) });
    return wireRagRuntime(config, await connectLambdaDatabase(secrets, env), { migrate: false });
  })();
  cached = { key, runtime };
  runtime.catch(() => {
    if (cached?.runtime === runtime) cached = undefined;
  });
  if (previous) void previous.runtime.then((old) => old.close()).catch(() => {});
  return runtime;
}

/** A fresh connection to the product database: DATABASE_URL, or RDS Proxy with the managed secret. */
export async function connectLambdaDatabase(secrets: LambdaSecrets = {}, env: NodeJS.ProcessEnv = process.env): Promise<PostgresDatabase> {
  if (env.DATABASE_URL) return PostgresDatabase.connect({ url: env.DATABASE_URL, max: 1 });
  const dbSecret = typeof secrets.dbSecret === 'string' ? (JSON.parse(secrets.dbSecret) as { username?: string; password?: string }) : secrets.dbSecret;
  return PostgresDatabase.connect({
    host: required(env, 'RAG_DB_HOST'),
    port: Number(env.RAG_DB_PORT ?? 5432),
    database: env.RAG_DB_NAME ?? 'rag',
    username: dbSecret?.username ?? required(env, 'RAG_DB_USER'),
    password: dbSecret?.password,
    ssl: env.RAG_DB_SSL === 'require' ? 'require' : false,
    // One connection per container: concurrency is bounded by the function's, sized to the proxy.
    max: 1,
  });
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} is not set`);
  return value;
}

/** For tests: forget the cached runtime. */
export async function resetLambdaRuntime(): Promise<void> {
  const previous = cached;
  cached = undefined;
  if (previous) await (await previous.runtime).close().catch(() => {});
}
