import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.js';

const provider = z.enum(['local', 'openai', 'bedrock']);
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.string().transform((value) => !['0', 'false', 'no', 'off', ''].includes(value.trim().toLowerCase()));

/**
 * Every environment variable the product reads, with its default. README's configuration
 * table is generated from the same names; keep them in step.
 */
const schema = z.object({
  RAG_DATA_DIR: z.string().min(1).default('./.rag'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: integer(0, 65535).default(3000),
  SFTP_PORT: integer(0, 65535).default(2222),
  RAG_API_TOKEN: z.string().min(1).optional(),
  RAG_SFTP_USERS: z.string().optional(),
  RAG_USERS: z.string().optional(),
  RAG_SAMPLE: flag.default(true),
  DATABASE_URL: z.string().min(1).optional(),
  RAG_DB_POOL_SIZE: integer(1, 100).default(4),
  EMBEDDINGS_PROVIDER: provider.default('local'),
  CHAT_PROVIDER: provider.default('local'),
  EMBEDDING_DIMENSIONS: integer(16, 4096).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-large'),
  OPENAI_CHAT_MODEL: z.string().min(1).default('gpt-4o-mini'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  BEDROCK_EMBEDDING_MODEL_ID: z.string().min(1).default('amazon.titan-embed-text-v2:0'),
  BEDROCK_CHAT_MODEL_ID: z.string().min(1).default('anthropic.claude-3-5-haiku-20241022-v1:0'),
  BEDROCK_ENDPOINT: z.string().url().optional(),
  RAG_CHUNK_TOKENS: integer(64, 8000).default(350),
  RAG_CHUNK_OVERLAP_TOKENS: integer(0, 4000).default(50),
  RAG_TOP_K: integer(1, 50).default(3),
  RAG_VECTOR_INDEX: z.enum(['auto', 'hnsw', 'exact']).default('auto'),
  RAG_HNSW_MIN_CHUNKS: integer(0, 100_000_000).default(5000),
  RAG_MAX_UPLOAD_BYTES: integer(1, 2 ** 31 - 1).default(50 * 1024 * 1024),
  RAG_INGEST_CONCURRENCY: integer(1, 64).default(4),
  RAG_INGEST_WORKERS: z.union([z.literal('auto'), integer(0, 64)]).default('auto'),
  RAG_PROVIDER_TIMEOUT_MS: integer(1000, 600_000).default(30_000),
  RAG_CHAT_TIMEOUT_MS: integer(1000, 600_000).optional(),
  RAG_CORS_ORIGINS: z.string().optional(),
  RAG_RATE_LIMIT_PER_MINUTE: integer(0, 1_000_000).default(120),
  RAG_INSIGHTS_RETENTION_DAYS: integer(1, 3650).default(90),
});

export type RagEnvironment = z.infer<typeof schema>;

export interface RagConfig {
  dataDir: string;
  host: string;
  port: number;
  sftpPort: number;
  apiToken?: string;
  sftpUsersJson?: string;
  /** `RAG_USERS`: inline JSON or the path of a users file. */
  users?: string;
  loadSample: boolean;
  database: { url?: string; poolSize: number };
  embeddings: {
    provider: 'local' | 'openai' | 'bedrock';
    dimensions?: number;
    openAiModel: string;
    bedrockModelId: string;
  };
  chat: { provider: 'local' | 'openai' | 'bedrock'; openAiModel: string; bedrockModelId: string };
  openAi: { apiKey?: string; baseURL?: string };
  aws: { region: string; bedrockEndpoint?: string };
  chunking: { maxTokens: number; overlapTokens: number };
  retrieval: { topK: number; indexPolicy: 'auto' | 'hnsw' | 'exact'; hnswMinChunks: number };
  /** `workers`: threads that parse and chunk documents for the embedded runtime (0: in the main thread). */
  ingest: { maxDocumentBytes: number; concurrency: number; workers: number };
  providerTimeoutMs: number;
  /** Chat model calls; they write whole answers, so they get longer than embeddings. @default max(providerTimeoutMs, 60 s) */
  chatTimeoutMs?: number;
  http: {
    /** Origins allowed to call the API from a browser; none by default (the site is same-origin). */
    corsOrigins: string[];
    /** Chat and upload requests per minute per token (or per address without a token); 0 turns the limit off. */
    rateLimitPerMinute: number;
  };
  /** Questions, answers and ratings older than this many days are purged. @default 90 */
  insightsRetentionDays: number;
}

/** Reads and validates the environment; every problem is reported at once, by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RagConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.RAG_CHUNK_OVERLAP_TOKENS * 2 > e.RAG_CHUNK_TOKENS) {
    throw new ConfigError('Invalid configuration: RAG_CHUNK_OVERLAP_TOKENS must be at most half of RAG_CHUNK_TOKENS');
  }
  const config: RagConfig = {
    dataDir: path.resolve(e.RAG_DATA_DIR),
    host: e.HOST,
    port: e.PORT,
    sftpPort: e.SFTP_PORT,
    loadSample: e.RAG_SAMPLE,
    database: { url: e.DATABASE_URL, poolSize: e.RAG_DB_POOL_SIZE },
    embeddings: {
      provider: e.EMBEDDINGS_PROVIDER,
      dimensions: e.EMBEDDING_DIMENSIONS,
      openAiModel: e.OPENAI_EMBEDDING_MODEL,
      bedrockModelId: e.BEDROCK_EMBEDDING_MODEL_ID,
    },
    chat: { provider: e.CHAT_PROVIDER, openAiModel: e.OPENAI_CHAT_MODEL, bedrockModelId: e.BEDROCK_CHAT_MODEL_ID },
    openAi: { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL },
    aws: { region: e.AWS_REGION, bedrockEndpoint: e.BEDROCK_ENDPOINT },
    chunking: { maxTokens: e.RAG_CHUNK_TOKENS, overlapTokens: e.RAG_CHUNK_OVERLAP_TOKENS },
    retrieval: { topK: e.RAG_TOP_K, indexPolicy: e.RAG_VECTOR_INDEX, hnswMinChunks: e.RAG_HNSW_MIN_CHUNKS },
    ingest: {
      maxDocumentBytes: e.RAG_MAX_UPLOAD_BYTES,
      concurrency: e.RAG_INGEST_CONCURRENCY,
      // One core stays with the main thread (database, API, embedding); the rest parse and chunk.
      workers: e.RAG_INGEST_WORKERS === 'auto' ? Math.min(4, Math.max(0, os.availableParallelism() - 1)) : e.RAG_INGEST_WORKERS,
    },
    providerTimeoutMs: e.RAG_PROVIDER_TIMEOUT_MS,
    ...(e.RAG_CHAT_TIMEOUT_MS ? { chatTimeoutMs: e.RAG_CHAT_TIMEOUT_MS } : {}),
    http: {
      corsOrigins: (e.RAG_CORS_ORIGINS ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      rateLimitPerMinute: e.RAG_RATE_LIMIT_PER_MINUTE,
    },
    insightsRetentionDays: e.RAG_INSIGHTS_RETENTION_DAYS,
  };
  for (const origin of config.http.corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`Invalid configuration: RAG_CORS_ORIGINS entry "${origin}" must be an origin like https://app.example.com`);
    }
  }
  if (e.RAG_API_TOKEN) config.apiToken = e.RAG_API_TOKEN;
  if (e.RAG_SFTP_USERS) config.sftpUsersJson = e.RAG_SFTP_USERS;
  if (e.RAG_USERS?.trim()) config.users = e.RAG_USERS;
  return config;
}
