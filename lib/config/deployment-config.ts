import { z } from 'zod';
import { groupAccessSchema } from '#core/access/group-roles.js';
import { defaultDropCollection } from '#core/access/source-collection.js';
import { isCollectionName } from '#core/store/collection-name.js';
import { ConfigError } from '#core/errors.js';
import { LAMBDA_OCR_PROVIDERS } from '#core/config/environment-contract.js';

/** Log retention values CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

// Transfer Family user names: 3–100 characters of a-z A-Z 0-9 _ - . @, not starting with - . or @.
const SFTP_USER_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_@.-]{2,99}$/;
const SSH_PUBLIC_KEY = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/;
const ACM_CERTIFICATE_IN_US_EAST_1 = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const HALF_STEP = (value: number) => Number.isInteger(value * 2);

// Cognito identity provider names: 1–32 characters, no spaces (they appear in the hosted UI and in federated user names).
const PROVIDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const SECRETS_MANAGER_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;

/** An OIDC (Entra ID, Okta, Google Workspace…) or SAML identity provider users may sign in with. */
const identityProviderSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('oidc'),
    name: z.string().regex(PROVIDER_NAME, 'must be 1–32 letters, digits, ".", "_" or "-"'),
    clientId: z.string().min(1),
    /** The client secret, kept in Secrets Manager (never in the config). */
    clientSecretArn: z.string().regex(SECRETS_MANAGER_ARN, 'must be a Secrets Manager secret ARN holding the client secret'),
    issuerUrl: z.url({ protocol: /^https$/ }),
    scopes: z.array(z.string().min(1)).default(['openid', 'email', 'profile']),
  }),
  z.strictObject({
    type: z.literal('saml'),
    name: z.string().regex(PROVIDER_NAME, 'must be 1–32 letters, digits, ".", "_" or "-"'),
    /** The IdP's metadata document URL. */
    metadataUrl: z.url({ protocol: /^https$/ }),
  }),
]);

const sftpUserSchema = z.strictObject({
  userName: z.string().regex(SFTP_USER_NAME, 'must be 3–100 characters of letters, digits, _ - . @, and not start with - . or @'),
  sshPublicKey: z.string().trim().regex(SSH_PUBLIC_KEY, 'must be one OpenSSH public key line, e.g. "ssh-ed25519 AAAA… user@host"'),
  /** The collection this user's drops are filed under. @default the user name lower-cased, when that is a collection name; else `default` */
  collection: z.string().refine(isCollectionName, 'must be a collection name (lower-case letters, digits, "-" and "_")').optional(),
});

export const deploymentConfigSchema = z
  .strictObject({
    /** CloudFormation stack name. */
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must start with a letter and hold only letters, digits and hyphens')
      .default('RagDocbot'),
    /** dev: everything is deleted with the stack. prod: data is retained and the database is protected. */
    stage: z.enum(['dev', 'prod']).default('dev'),
    /** Which model provider the Lambdas call, for both embeddings and chat. */
    provider: z.enum(['openai', 'bedrock']),
    openai: z
      .strictObject({
        chatModel: z.string().min(1).default('gpt-4o-mini'),
        embeddingModel: z.string().min(1).default('text-embedding-3-large'),
        /** Any OpenAI-compatible endpoint; unset means api.openai.com. */
        baseUrl: z.url({ protocol: /^https?$/ }).optional(),
      })
      .prefault({}),
    bedrock: z
      .strictObject({
        /** A model id or a cross-region inference profile id (us., eu., apac., global. prefix). */
        chatModelId: z.string().min(1).default('us.amazon.nova-lite-v1:0'),
        embeddingModelId: z.string().min(1).default('amazon.titan-embed-text-v2:0'),
      })
      .prefault({}),
    /** Vector size; defaults to the chosen embedding model's native size (3072 text-embedding-3-large, 1024 Titan v2). */
    embeddingDimensions: z.number().int().min(64).max(4000).optional(),
    sftpUsers: z.array(sftpUserSchema).default([]),
    sftp: z
      .strictObject({
        /** The Transfer Family SFTP endpoint bills about $219/month while it exists; false leaves the API upload as the only way in. */
        enabled: z.boolean().default(true),
      })
      .prefault({}),
    alertEmail: z.email('must be an email address for alarm notifications'),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    logRetentionDays: z
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    /** Questions, answers and their ratings older than this are deleted, once a day. */
    insightsRetentionDays: z.number().int().min(1).max(3650).default(90),
    database: z
      .strictObject({
        /** 0 lets Aurora pause when idle (only without RDS Proxy: the proxy keeps it awake). */
        minCapacityAcu: z.number().min(0).max(256).refine(HALF_STEP, 'must be a multiple of 0.5').default(0),
        maxCapacityAcu: z.number().min(1).max(256).refine(HALF_STEP, 'must be a multiple of 0.5').default(4),
        /** Idle time before Aurora pauses at 0 ACU. */
        autoPauseMinutes: z.number().int().min(5).max(1440).default(10),
        /**
         * RDS Proxy pools Lambda connections; it bills a minimum of 8 ACU-hours and keeps Aurora
         * from pausing. Off by default; turn it on when concurrent functions approach the
         * database's connection limit (sustained chat traffic, or ingest concurrency above ~20).
         */
        useRdsProxy: z.boolean().default(false),
      })
      .prefault({}),
    ingest: z
      .strictObject({
        /** Concurrent ingest Lambdas; each holds one database pool, so this caps ingest's share of connections. */
        maxConcurrency: z.number().int().min(2).max(1000).default(4),
        batchSize: z.number().int().min(1).max(10).default(5),
        batchingWindowSeconds: z.number().int().min(0).max(300).default(5),
        /**
         * How scanned PDF pages and images are read: Amazon Textract, or not at all (refused). With
         * Bedrock the VPC then gets a Textract interface endpoint, an idle cost.
         */
        ocr: z.enum(LAMBDA_OCR_PROVIDERS).default('textract'),
      })
      .prefault({}),
    api: z
      .strictObject({
        throttlingRateLimit: z.number().int().min(1).default(20),
        throttlingBurstLimit: z.number().int().min(1).default(40),
      })
      .prefault({}),
    auth: z
      .strictObject({
        mfa: z.enum(['off', 'optional', 'required']).default('optional'),
        /** Federated sign-in: each entry becomes a Cognito identity provider of the user pool, offered by its hosted UI. */
        identityProviders: z.array(identityProviderSchema).max(10).default([]),
        /** The hosted UI's domain, `<prefix>.auth.<region>.amazoncognito.com`; required with identityProviders. */
        domainPrefix: z
          .string()
          .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and hyphens')
          .optional(),
        /** Where the hosted UI may send users back after sign-in (the site's URL); required with identityProviders. */
        callbackUrls: z.array(z.url({ protocol: /^https?$/ })).default([]),
      })
      .superRefine((auth, ctx) => {
        if (auth.identityProviders.length === 0) return;
        if (!auth.domainPrefix)
          ctx.addIssue({ code: 'custom', path: ['domainPrefix'], message: 'is required with identityProviders (the hosted UI needs a domain)' });
        if (auth.callbackUrls.length === 0)
          ctx.addIssue({ code: 'custom', path: ['callbackUrls'], message: 'is required with identityProviders (the site URL to return to)' });
        const names = new Set<string>();
        auth.identityProviders.forEach((provider, index) => {
          if (names.has(provider.name))
            ctx.addIssue({ code: 'custom', path: ['identityProviders', index, 'name'], message: `duplicate provider name "${provider.name}"` });
          names.add(provider.name);
        });
      })
      .prefault({}),
    /** Which Cognito groups hold which collection roles, besides the naming rule (see README, "Collections and access"). */
    access: groupAccessSchema.prefault({}),
    site: z
      .strictObject({
        /** Custom domain for the site; needs certificateArn. DNS is yours to point at the distribution. */
        domainName: z
          .string()
          .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS name')
          .optional(),
        /** ACM certificate for domainName; CloudFront requires it in us-east-1. */
        certificateArn: z
          .string()
          .regex(ACM_CERTIFICATE_IN_US_EAST_1, 'must be an ACM certificate ARN in us-east-1 (CloudFront requires that region)')
          .optional(),
      })
      .refine((site) => (site.domainName === undefined) === (site.certificateArn === undefined), {
        message: 'domainName and certificateArn go together: set both or neither',
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.sftpUsers.forEach((user, index) => {
      const key = user.userName.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['sftpUsers', index, 'userName'], message: `duplicate user name "${user.userName}"` });
      }
      seen.add(key);
    });
    if (config.database.minCapacityAcu > config.database.maxCapacityAcu) {
      ctx.addIssue({ code: 'custom', path: ['database', 'minCapacityAcu'], message: 'must not exceed maxCapacityAcu' });
    }
  });

export type IdentityProviderConfig = z.output<typeof identityProviderSchema>;

/** The config as written in a file (defaults optional). */
export type DeploymentConfigInput = z.input<typeof deploymentConfigSchema>;

/** The validated config with every default filled in. */
export type DeploymentConfig = z.output<typeof deploymentConfigSchema> & { embeddingDimensions: number };

/** Native vector sizes of the default models; anything else must say its size. */
const KNOWN_EMBEDDING_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
  'amazon.titan-embed-text-v2:0': 1024,
  'amazon.titan-embed-text-v1': 1536,
  'cohere.embed-multilingual-v3': 1024,
  'cohere.embed-english-v3': 1024,
};

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
      return `  - ${where}: ${issue.message}`;
    })
    .join('\n');
}

/**
 * Validates a deployment config and fills in defaults. `source` names where it came from
 * (a file path or "cdk context") so the error says what to fix, and where.
 */
export function parseDeploymentConfig(raw: unknown, source: string): DeploymentConfig {
  const result = deploymentConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`Invalid deployment config in ${source}:\n${formatIssues(result.error)}`);
  }
  const config = result.data;
  const embeddingModel = config.provider === 'openai' ? config.openai.embeddingModel : config.bedrock.embeddingModelId;
  const embeddingDimensions = config.embeddingDimensions ?? KNOWN_EMBEDDING_DIMENSIONS[embeddingModel];
  if (embeddingDimensions === undefined) {
    throw new ConfigError(
      `Invalid deployment config in ${source}:\n  - embeddingDimensions: required for the embedding model "${embeddingModel}" (its vector size is not known)`,
    );
  }
  return { ...config, embeddingDimensions };
}

/** The collection each SFTP user's folder (their user name) files documents under: the configured one, else their name lower-cased. */
export function sftpDropCollections(config: Pick<DeploymentConfig, 'sftpUsers'>): Record<string, string> {
  return Object.fromEntries(config.sftpUsers.map((user) => [user.userName, user.collection ?? defaultDropCollection(user.userName)]));
}

/** The embedding and chat model ids of the chosen provider. */
export function providerModels(config: DeploymentConfig): { embeddingModel: string; chatModel: string } {
  return config.provider === 'openai'
    ? { embeddingModel: config.openai.embeddingModel, chatModel: config.openai.chatModel }
    : { embeddingModel: config.bedrock.embeddingModelId, chatModel: config.bedrock.chatModelId };
}
