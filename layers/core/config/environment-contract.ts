import { z } from 'zod';
import { ConfigError } from '../errors.js';

/**
 * The environment of the Lambda functions, written once: the names the CDK sets (lib/ imports
 * them) and the zod parsing the functions read them with. Model settings (providers, models,
 * dimensions) are the RAG config's own variables (rag-config.ts); this file adds what only the
 * AWS glue reads.
 */
export const LAMBDA_ENV = {
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  /** Powertools' own variable; the legacy LOG_LEVEL is not read. */
  logLevel: 'POWERTOOLS_LOG_LEVEL',
  dbHost: 'RAG_DB_HOST',
  dbPort: 'RAG_DB_PORT',
  dbName: 'RAG_DB_NAME',
  dbSecretArn: 'RAG_DB_SECRET_ARN',
  dbSsl: 'RAG_DB_SSL',
  /** The migration function only: JSON `{"<role>": "<secret ARN>"}` of the database logins it creates (database-roles.ts). */
  dbLoginSecretArns: 'RAG_DB_LOGIN_SECRET_ARNS',
  /** A connection URL instead of the RAG_DB_* settings (tests; a database outside AWS). */
  databaseUrl: 'DATABASE_URL',
  /** The user when no database secret is given. */
  dbUser: 'RAG_DB_USER',
  dbConnectDeadlineMs: 'RAG_DB_CONNECT_DEADLINE_MS',
  rawBucket: 'RAW_BUCKET_NAME',
  maxReceiveCount: 'RAG_MAX_RECEIVE_COUNT',
  /** `textract`: ingest reads images and scanned PDF pages with Amazon Textract; `none`: they are refused. */
  ocrProvider: 'RAG_OCR_PROVIDER',
  /** The secret holding the OpenAI API key (OpenAI deployments only). */
  openAiKeySecretArn: 'OPENAI_API_KEY_SECRET_ARN',
  embeddingsProvider: 'EMBEDDINGS_PROVIDER',
  chatProvider: 'CHAT_PROVIDER',
  embeddingDimensions: 'EMBEDDING_DIMENSIONS',
  /** How identity-provider groups map to collection roles (JSON of the deployment config's `access`). */
  groupAccess: 'RAG_GROUP_ACCESS',
  /** Which collection each SFTP user's folder files documents under (JSON `{"<folder>": "<collection>"}`). */
  dropCollections: 'RAG_DROP_COLLECTIONS',
  /** Days questions, answers and ratings are kept before the daily purge deletes them. */
  insightsRetentionDays: 'RAG_INSIGHTS_RETENTION_DAYS',
} as const;

export type LambdaEnvName = (typeof LAMBDA_ENV)[keyof typeof LAMBDA_ENV];

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How long a function keeps trying to connect while a paused Aurora instance resumes, unless told otherwise. */
export const DEFAULT_DB_CONNECT_DEADLINE_MS = 20_000;

/** How every database-using function finds PostgreSQL: a URL, or Aurora (or RDS Proxy) with the managed secret. */
export const databaseEnvironmentSchema = z.object({
  [LAMBDA_ENV.databaseUrl]: z.string().min(1).optional(),
  [LAMBDA_ENV.dbHost]: z.string().min(1).optional(),
  [LAMBDA_ENV.dbPort]: z.coerce.number().int().positive().default(5432),
  [LAMBDA_ENV.dbName]: z.string().min(1).default('rag'),
  [LAMBDA_ENV.dbUser]: z.string().min(1).optional(),
  /** `verify-full` checks the server certificate against the RDS authorities, `require` only encrypts, anything else is plain TCP. */
  [LAMBDA_ENV.dbSsl]: z.string().optional(),
  [LAMBDA_ENV.dbConnectDeadlineMs]: z.coerce.number().int().positive().default(DEFAULT_DB_CONNECT_DEADLINE_MS),
});

/** Where the raw documents are: the documents API (presign, delete) and ingest (read). */
export const rawBucketEnvironmentSchema = z.object({ [LAMBDA_ENV.rawBucket]: z.string().min(1) });

/** The OCR engines a deployed ingest function can use. */
export const LAMBDA_OCR_PROVIDERS = ['textract', 'none'] as const;
export type LambdaOcrProvider = (typeof LAMBDA_OCR_PROVIDERS)[number];

/**
 * Ingest also needs the queue's receive limit, to tell a last attempt (then the dead-letter queue)
 * from a retry, and which OCR engine reads scans (tesseract.js is not in the Lambda bundle).
 */
export const ingestEnvironmentSchema = rawBucketEnvironmentSchema.extend({
  [LAMBDA_ENV.maxReceiveCount]: z.coerce.number().int().min(1),
  [LAMBDA_ENV.ocrProvider]: z.enum(LAMBDA_OCR_PROVIDERS).default('none'),
});

const POWERTOOLS = [LAMBDA_ENV.serviceName, LAMBDA_ENV.metricsNamespace, LAMBDA_ENV.logLevel];
const DATABASE = [LAMBDA_ENV.dbHost, LAMBDA_ENV.dbPort, LAMBDA_ENV.dbName, LAMBDA_ENV.dbSecretArn, LAMBDA_ENV.dbSsl];
const MODELS = [LAMBDA_ENV.embeddingsProvider, LAMBDA_ENV.chatProvider, LAMBDA_ENV.embeddingDimensions];

/**
 * The variables each deployed function reads and must find set, by its Powertools service
 * name. A test checks the synthesized template against this table.
 */
export const LAMBDA_REQUIRED_ENV: Record<string, readonly LambdaEnvName[]> = {
  'rag-ingest': [...POWERTOOLS, ...DATABASE, ...MODELS, ...Object.keys(ingestEnvironmentSchema.shape), LAMBDA_ENV.dropCollections] as LambdaEnvName[],
  'rag-documents-api': [...POWERTOOLS, ...DATABASE, ...MODELS, ...Object.keys(rawBucketEnvironmentSchema.shape), LAMBDA_ENV.groupAccess] as LambdaEnvName[],
  'rag-jobs-api': [...POWERTOOLS, ...DATABASE, ...MODELS, LAMBDA_ENV.groupAccess],
  'rag-feedback-api': [...POWERTOOLS, ...DATABASE, ...MODELS, LAMBDA_ENV.groupAccess, LAMBDA_ENV.insightsRetentionDays],
  'rag-chat-improve': [...POWERTOOLS, ...DATABASE, ...MODELS, LAMBDA_ENV.groupAccess],
  'rag-chat-retrieve': [...POWERTOOLS, ...DATABASE, ...MODELS],
  'rag-chat-answer': [...POWERTOOLS, ...DATABASE, ...MODELS],
  'rag-migrate': [...POWERTOOLS, ...DATABASE, LAMBDA_ENV.dbLoginSecretArns],
};

/** Parses a function's environment; a missing or malformed variable is a ConfigError that names it. */
export function readEnvironment<Schema extends z.ZodType>(schema: Schema, env: NodeJS.ProcessEnv): z.output<Schema> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new ConfigError(`The function environment is not as deployed: ${problems}`);
}
