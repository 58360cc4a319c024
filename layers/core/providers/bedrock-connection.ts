import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ConfigError, ProviderError } from '../errors.js';
import { instrumented } from './aws-client-instrumentation.js';
import { clip, describeEndpoint, redactSecrets } from './redact.js';
import { ProviderRetryStrategy, type RetryTuning } from './retry-policy.js';

const PROVIDER = 'bedrock';

/** How to reach Bedrock; shared by the embedding and chat adapters. */
export interface BedrockConnectionOptions {
  /** Default: the SDK's resolution (AWS_REGION, profile). */
  region?: string;
  /** Another endpoint than the regional one (VPC endpoint, or a local server in tests). */
  endpoint?: string;
  /** Default: the SDK's provider chain (environment, profile, Lambda role). */
  credentials?: BedrockRuntimeClientConfig['credentials'];
  /** A ready client; when given, region, endpoint, credentials, timeouts and retries are its own. */
  client?: BedrockRuntimeClient;
  /** Per attempt; for a stream, the longest silence between events. */
  timeoutMs: number;
  /** Total attempts, the first included. */
  maxAttempts: number;
  retry?: RetryTuning;
}

/** The Bedrock client with our retry strategy and timeouts, and the mapping of its errors. */
export class BedrockConnection {
  readonly client: BedrockRuntimeClient;
  private readonly secrets: string[];
  private readonly endpoint: string;

  constructor(
    options: BedrockConnectionOptions,
    private readonly modelId: string,
  ) {
    this.client =
      options.client ??
      instrumented(
        new BedrockRuntimeClient({
          ...(options.region ? { region: options.region } : {}),
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(options.credentials ? { credentials: options.credentials } : {}),
          maxAttempts: options.maxAttempts,
          retryStrategy: new ProviderRetryStrategy({ maxAttempts: options.maxAttempts, ...options.retry }),
          // HTTP/1.1 rather than the client's default HTTP/2, which fails behind many proxies
          // and corporate networks; none of the operations used here needs HTTP/2.
          requestHandler: new NodeHttpHandler({
            connectionTimeout: options.timeoutMs,
            // Until the response starts (a non-streamed reply starts once it is complete) ...
            requestTimeout: options.timeoutMs,
            throwOnRequestTimeout: true,
            // ... and then between chunks of the body.
            socketTimeout: options.timeoutMs,
          }),
        }),
      );
    const staticCredentials = typeof options.credentials === 'object' ? options.credentials : undefined;
    this.secrets = [staticCredentials?.secretAccessKey, staticCredentials?.sessionToken].filter((secret): secret is string => typeof secret === 'string');
    this.endpoint = options.endpoint ? describeEndpoint(options.endpoint) : 'the regional Bedrock endpoint';
  }

  /** A response that does not have the shape the model promises. */
  badResponse(detail: string): ProviderError {
    return new ProviderError(PROVIDER, 'bad_response', `model ${this.modelId} returned an unexpected response: ${this.redact(detail)}`);
  }

  /** Turns anything the SDK threw into a ProviderError without secrets, or the caller's abort reason. */
  toError(error: unknown, callerSignal?: AbortSignal): unknown {
    if (callerSignal?.aborted) return callerSignal.reason ?? error;
    if (error instanceof ProviderError || error instanceof ConfigError) return error;
    // Duck-typed rather than instanceof Error: SDK and fetch errors may come from another realm.
    if (typeof error !== 'object' || error === null || typeof (error as { name?: unknown }).name !== 'string') {
      return new ProviderError(PROVIDER, 'unavailable', this.redact(clip(String(error), 200)));
    }
    const { name, message = '' } = error as { name: string; message?: string };
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
    const tries = attempts === undefined ? '' : attempts === 1 ? ' after 1 attempt' : ` after ${attempts} attempts`;
    const detail = message ? ` Bedrock said: ${this.redact(clip(message))}` : '';

    if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
      return new ProviderError(
        PROVIDER,
        'auth',
        'no AWS credentials found; set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with an IAM role.',
      );
    }
    if (/region is missing/i.test(message)) {
      return new ConfigError('The AWS region for Bedrock is not set; set AWS_REGION.');
    }
    if (AUTH_ERRORS.has(name) || status === 401 || status === 403) {
      return new ProviderError(
        PROVIDER,
        'auth',
        `AWS denied access to model ${this.modelId} (${name}${status ? `, HTTP ${status}` : ''}); check the AWS credentials ` +
          `(AWS_PROFILE, AWS_ACCESS_KEY_ID, or the IAM role), that the role allows bedrock:InvokeModel on this model, ` +
          `and that access to the model is enabled in the Bedrock console for the region.${detail}`,
        status,
      );
    }
    if (THROTTLING_ERRORS.has(name) || status === 429) {
      return new ProviderError(
        PROVIDER,
        'rate_limited',
        `model ${this.modelId} is throttling requests${tries}; lower the concurrency, request a quota increase, or try again later.${detail}`,
        status,
      );
    }
    if (TIMEOUT_ERRORS.has(name) || status === 408) {
      return new ProviderError(PROVIDER, 'timeout', `model ${this.modelId} did not answer in time${tries}.${detail}`, status);
    }
    if (name === 'ValidationException' || name === 'ResourceNotFoundException' || (status !== undefined && status >= 400 && status < 500)) {
      return new ProviderError(PROVIDER, 'bad_request', `model ${this.modelId} rejected the request (${name}).${detail}`, status);
    }
    if (name === 'SyntaxError' || /deserializ/i.test(message)) {
      return this.badResponse(clip(message, 160));
    }
    if (status === undefined) {
      return new ProviderError(PROVIDER, 'unavailable', `cannot reach ${this.endpoint}${tries}: ${this.redact(clip(message, 200))}`);
    }
    const code = (error as { code?: string }).code;
    return new ProviderError(
      PROVIDER,
      'unavailable',
      `model ${this.modelId} at ${this.endpoint} failed (${name}${status ? `, HTTP ${status}` : ''}${code ? `, ${code}` : ''})${tries}.${detail}`,
      status,
    );
  }

  private redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }
}

const AUTH_ERRORS = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);
const THROTTLING_ERRORS = new Set(['ThrottlingException', 'ServiceQuotaExceededException', 'TooManyRequestsException']);
const TIMEOUT_ERRORS = new Set(['TimeoutError', 'ModelTimeoutException', 'RequestTimeout', 'RequestTimeoutException']);
