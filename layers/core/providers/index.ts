export { BedrockConnection, type BedrockConnectionOptions } from './bedrock-connection.js';
export { mapWithConcurrency } from './concurrency.js';
export { Deadline, DeadlineExceededError } from './deadline.js';
export { OpenAiConnection, type OpenAiConnectionOptions } from './openai-connection.js';
export { clip, describeEndpoint, redactSecrets } from './redact.js';
export { parseRetryAfterMs } from './retry-after.js';
export {
  backoffDelayMs,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  ProviderRetryStrategy,
  RetryAfterTooLongError,
  runWithRetries,
  type ParsedRetryErrorInfo,
  type RetryErrorInfo,
  type RetryErrorType,
  type RetryEvent,
  type RetrySettings,
  type RetryToken,
  type RetryTuning,
} from './retry-policy.js';
export { countTokens, estimateChatTokens, truncateToCharacters, truncateToTokens, type TruncatedText } from './token-count.js';
