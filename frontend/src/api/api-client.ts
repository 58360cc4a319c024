import { ApiError, NETWORK_ERROR, errorFromResponse, isAbortError } from './api-error.js';
import type {
  ChatRequest,
  ChatResponse,
  CollectionAccess,
  FeedbackRequest,
  FeedbackSaved,
  Health,
  Insights,
  Job,
  RefusedFile,
  SavedUser,
  SaveUserRequest,
  StoredDocument,
  UploadAccepted,
  UserList,
} from './api-types.js';
import { readServerSentEvents } from './server-sent-events.js';

export interface ApiClientOptions {
  /** Base of the API, e.g. `/api`. */
  baseUrl: string;
  /** The `Authorization` header value, if any. */
  authorization: () => Promise<string | undefined>;
  /** Called on every 401, before the error is thrown, so the site can ask for credentials again. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
  /** `presigned` (AWS): ask for upload URLs, then PUT each file straight to S3. @default 'multipart' */
  uploadMode?: 'multipart' | 'presigned';
}

interface PresignedUploads {
  jobId: string;
  uploads: { source: string; url: string; method: string; headers: Record<string, string> }[];
  refused?: RefusedFile[];
}

export interface ChatOptions {
  signal?: AbortSignal;
  /** Receives the answer text as the server produces it. */
  onDelta?: (text: string) => void;
}

/** The HTTP API, with auth, the error shape and the chat stream handled in one place. */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  health(signal?: AbortSignal): Promise<Health> {
    return this.json<Health>('GET', '/health', undefined, signal);
  }

  listDocuments(signal?: AbortSignal): Promise<StoredDocument[]> {
    return this.json<StoredDocument[]>('GET', '/documents', undefined, signal);
  }

  async deleteDocument(id: string): Promise<void> {
    await this.request('DELETE', `/documents/${encodeURIComponent(id)}`);
  }

  /** The collections the caller may read, with their role in each. */
  listCollections(signal?: AbortSignal): Promise<CollectionAccess[]> {
    return this.json<CollectionAccess[]>('GET', '/collections', undefined, signal);
  }

  /** Admins: a new, empty collection. */
  createCollection(name: string): Promise<CollectionAccess> {
    return this.json<CollectionAccess>('POST', '/collections', JSON.stringify({ name }), undefined, { 'Content-Type': 'application/json' });
  }

  /** Admins: every user and their roles (never their tokens). */
  listUsers(signal?: AbortSignal): Promise<UserList> {
    return this.json<UserList>('GET', '/users', undefined, signal);
  }

  /** Admins: creates a user (the answer carries their token, this once) or replaces their roles. */
  saveUser(user: string, request: SaveUserRequest): Promise<SavedUser> {
    return this.json<SavedUser>('PUT', `/users/${encodeURIComponent(user)}`, JSON.stringify(request), undefined, { 'Content-Type': 'application/json' });
  }

  async removeUser(user: string): Promise<void> {
    await this.request('DELETE', `/users/${encodeURIComponent(user)}`);
  }

  /** Rates one answer by the `messageId` its chat response carried; a repeat rating replaces the earlier one. */
  sendFeedback(request: FeedbackRequest): Promise<FeedbackSaved> {
    return this.json<FeedbackSaved>('POST', '/feedback', JSON.stringify(request), undefined, { 'Content-Type': 'application/json' });
  }

  /** Admins: what people asked, what went unanswered, ratings, tokens, ingest failures and latency over the last `days` days. */
  insights(days: number, signal?: AbortSignal): Promise<Insights> {
    return this.json<Insights>('GET', `/insights?days=${encodeURIComponent(String(days))}`, undefined, signal);
  }

  /** Uploads into `collection` when given; the server picks the caller's only editable collection otherwise. */
  async uploadDocuments(files: readonly File[], collection?: string): Promise<UploadAccepted> {
    if (this.options.uploadMode === 'presigned') return this.uploadPresigned(files, collection);
    const form = new FormData();
    // Before the files, so the server knows the destination as the files stream in.
    if (collection) form.append('collection', collection);
    for (const file of files) form.append('file', file, file.name);
    return this.json<UploadAccepted>('POST', '/documents', form);
  }

  /** AWS: API Gateway cannot carry large bodies, so each file goes to S3 with a presigned URL; its S3 event feeds the job. */
  private async uploadPresigned(files: readonly File[], collection?: string): Promise<UploadAccepted> {
    const request = {
      files: files.map((file) => ({ name: file.name, contentType: file.type || 'application/octet-stream', size: file.size })),
      ...(collection ? { collection } : {}),
    };
    const signed = await this.json<PresignedUploads>('POST', '/documents', JSON.stringify(request), undefined, { 'Content-Type': 'application/json' });
    // The server signs only the files it takes, in order; a refused file (over the size limit) is named in `refused`.
    const refused = signed.refused ?? [];
    const taken = files.filter((file) => !refused.some((item) => item.name === file.name));
    await Promise.all(
      signed.uploads.map(async (upload, i) => {
        let response: Response;
        try {
          response = await this.fetchImpl(upload.url, { method: upload.method || 'PUT', headers: upload.headers, body: taken[i]! });
        } catch {
          throw new ApiError(0, NETWORK_ERROR, `Could not upload ${taken[i]!.name}.`);
        }
        if (!response.ok) throw new ApiError(response.status, 'upload_failed', `Could not upload ${taken[i]!.name} (HTTP ${response.status}).`);
      }),
    );
    return {
      jobId: signed.jobId,
      documents: signed.uploads.map((upload, i) => ({ source: upload.source, bytes: taken[i]!.size })),
      ...(refused.length > 0 ? { refused } : {}),
    };
  }

  getJob(id: string, signal?: AbortSignal): Promise<Job> {
    return this.json<Job>('GET', `/jobs/${encodeURIComponent(id)}`, undefined, signal);
  }

  listJobs(limit = 10, signal?: AbortSignal): Promise<Job[]> {
    return this.json<Job[]>('GET', `/jobs?limit=${limit}`, undefined, signal);
  }

  /**
   * One chat turn. Asks for Server-Sent Events and reports answer text as it arrives; a server
   * that answers plain JSON instead works too (the whole answer arrives at once).
   */
  async chat(input: ChatRequest, options: ChatOptions = {}): Promise<ChatResponse> {
    const response = await this.request('POST', '/chat', JSON.stringify(input), options.signal, {
      'Content-Type': 'application/json',
      Accept: 'text/event-stream, application/json',
    });
    const type = response.headers.get('Content-Type') ?? '';
    if (!type.includes('text/event-stream') || !response.body) {
      const body = (await response.json()) as ChatResponse;
      options.onDelta?.(body.answer);
      return body;
    }
    try {
      for await (const message of readServerSentEvents(response.body)) {
        if (message.event === 'delta') {
          const { text } = JSON.parse(message.data) as { text?: unknown };
          if (typeof text === 'string' && text) options.onDelta?.(text);
        } else if (message.event === 'response') {
          return JSON.parse(message.data) as ChatResponse;
        } else if (message.event === 'error') {
          const { error } = JSON.parse(message.data) as { error?: { code?: string; message?: string } };
          throw new ApiError(500, error?.code ?? 'internal_error', error?.message ?? 'The answer failed.');
        }
      }
    } catch (error) {
      if (error instanceof ApiError || isAbortError(error)) throw error;
      if (options.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
      throw new ApiError(0, NETWORK_ERROR, describe(error));
    }
    throw new ApiError(0, 'stream_ended', 'The answer stream ended before the answer was complete.');
  }

  private async json<T>(method: string, path: string, body?: BodyInit, signal?: AbortSignal, extraHeaders: Record<string, string> = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
    const response = await this.request(method, path, body, signal, headers);
    return (await response.json()) as T;
  }

  private async request(method: string, path: string, body?: BodyInit, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<Response> {
    const authorization = await this.options.authorization();
    if (authorization) headers.Authorization = authorization;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, { method, headers, body, signal, credentials: 'same-origin' });
    } catch (error) {
      if (isAbortError(error) || signal?.aborted) throw error;
      throw new ApiError(0, NETWORK_ERROR, describe(error));
    }
    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (error.unauthorized) this.options.onUnauthorized?.();
      throw error;
    }
    return response;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
