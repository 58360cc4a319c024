export { ApiClient, type ApiClientOptions, type ChatOptions } from './api-client.js';
export { ApiError, NETWORK_ERROR, errorFromResponse, isAbortError } from './api-error.js';
export * from './api-types.js';
export { readServerSentEvents, type ServerSentEvent } from './server-sent-events.js';
