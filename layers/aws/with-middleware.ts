import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import secretsManager from '@middy/secrets-manager';
import type { Context } from 'aws-lambda';
import { LAMBDA_ENV } from '#core/config/environment-contract.js';
import type { LambdaSecrets } from './lambda-runtime.js';
import { logger, metrics, tracer } from './powertools.js';

const SECRET_CACHE_MS = 5 * 60 * 1000;
const LOGIN_PREFIX = 'dbLogin_';

/**
 * Wraps a handler with Powertools (structured logs, metrics, X-Ray) and fetches the database
 * and OpenAI secrets with a cache that expires, so rotated credentials are picked up. The
 * handler receives the secrets as its third argument; they are never logged.
 */
export function withMiddleware<TEvent, TResult>(handler: (event: TEvent, context: Context, secrets: LambdaSecrets) => Promise<TResult>) {
  const fetchData: Record<string, string> = {};
  const dbSecretArn = process.env[LAMBDA_ENV.dbSecretArn];
  const openAiKeySecretArn = process.env[LAMBDA_ENV.openAiKeySecretArn];
  if (dbSecretArn) fetchData.dbSecret = dbSecretArn;
  if (openAiKeySecretArn) fetchData.openAiApiKey = openAiKeySecretArn;
  // The migration function also reads the login secrets of the database roles it creates.
  const loginSecretArns = JSON.parse(process.env[LAMBDA_ENV.dbLoginSecretArns] ?? '{}') as Record<string, string>;
  for (const [role, arn] of Object.entries(loginSecretArns)) fetchData[`${LOGIN_PREFIX}${role}`] = arn;
  const wrapped = middy((event: TEvent, context: Context) => {
    const withSecrets = context as Context & LambdaSecrets & Record<string, unknown>;
    const secrets: LambdaSecrets = { dbSecret: withSecrets.dbSecret, openAiApiKey: withSecrets.openAiApiKey };
    const logins = Object.keys(loginSecretArns).map((role) => [role, withSecrets[`${LOGIN_PREFIX}${role}`]] as const);
    if (logins.length > 0) secrets.dbLogins = Object.fromEntries(logins) as NonNullable<LambdaSecrets['dbLogins']>;
    return handler(event, context, secrets);
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { throwOnEmptyMetrics: false }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }));
  if (Object.keys(fetchData).length > 0) {
    // No prefetch at import: a failure there would surface outside any request, with no one to report it to.
    wrapped.use(
      secretsManager({
        fetchData,
        setToContext: true,
        cacheExpiry: SECRET_CACHE_MS,
        disablePrefetch: true,
        // Secrets Manager calls appear in the invocation's trace like every other SDK call.
        awsClientCapture: (client) => tracer.captureAWSv3Client(client),
      }),
    );
  }
  return wrapped;
}
