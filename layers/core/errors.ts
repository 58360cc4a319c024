import type { DocumentErrorCode, RagErrorCode } from './contract/error-codes.js';

export type { RagErrorCode } from './contract/error-codes.js';

/**
 * Typed errors of the RAG core. Every error carries a stable `code` that the API, the CLI
 * and job results expose, and a message that a user can act on.
 */
export class RagError extends Error {
  constructor(
    readonly code: RagErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Why a document could not be turned into text. */
export type DocumentErrorReason = DocumentErrorCode;

/** A document that cannot be ingested. The message always names the file and the reason. */
export class DocumentError extends RagError {
  constructor(
    readonly source: string,
    readonly reason: DocumentErrorReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(reason, `${source}: ${detail}`, options);
  }
}

/** A misconfiguration: missing key, bad variable, provider mismatch. */
export class ConfigError extends RagError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config_error', message, options);
  }
}

/** A model provider failed: auth, quota, timeout, bad response. Never includes secrets. */
export class ProviderError extends RagError {
  constructor(
    readonly provider: string,
    code: 'auth' | 'rate_limited' | 'timeout' | 'bad_response' | 'unavailable' | 'bad_request',
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`provider_${code}`, `${provider}: ${message}`, options);
  }
}

/** The database cannot be reached or rejected the connection. */
export class DatabaseUnavailableError extends RagError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('database_unavailable', message, options);
  }
}

/** Safe one-line description of any thrown value, for job results and logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
