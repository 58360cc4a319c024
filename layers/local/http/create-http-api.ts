import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join as joinPath } from 'node:path';
import { createHash } from 'node:crypto';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ChatResponse, ChatTurnInput } from '#core/chat-workflow/chat-state.js';
import type { ObjectStore } from '#core/object-store/object-store.js';
import { buildS3ObjectEvent } from '#core/queue/s3-event.js';
import type { ConsumableQueue, Queue, QueueDepth } from '#core/queue/queue.js';
import type { RagRuntime } from '#core/runtime/rag-runtime.js';
import { isAuthorized } from './bearer-auth.js';
import { startEventStream, writeEvent } from './event-stream.js';
import { RagError } from '#core/errors.js';
import { CHAT_REQUEST_INVALID_MESSAGE, chatRequestSchema } from '#core/contract/chat-contract.js';
import { pathIdSchema } from '#core/contract/documents-contract.js';
import { MAX_PATH_ID_CHARS } from '#core/contract/limits.js';
import { errorReplyFor } from '#core/contract/error-reply.js';
import { jobsListQuerySchema } from '#core/contract/jobs-contract.js';
import { parseRequest } from '#core/contract/parse-request.js';
import { errorBody, handleHttpError } from './http-errors.js';
import { registerOpenAiCompatibleRoutes } from './openai-compatible-routes.js';
import { readSiteFile } from './site-files.js';
import { API_UPLOAD_PREFIX, apiUploadKey } from '#core/object-store/upload-name.js';
import { formatMegabytes } from '#core/text/format-megabytes.js';

export const LOCAL_BUCKET = 'local-raw';
export { API_UPLOAD_PREFIX };

export interface HttpApiDependencies {
  runtime: RagRuntime;
  objects: ObjectStore;
  queue: Queue;
  /** Called after events are queued, to wake the worker. */
  onQueued?: () => void;
  /** Runs one chat turn (the chat workflow); `onAnswerDelta` streams the answer as it is produced. */
  chat: (input: ChatTurnInput, extra?: { onAnswerDelta?: (text: string) => void; signal?: AbortSignal }) => Promise<ChatResponse>;
  /** The built web site (frontend/dist), served at `/` when present. */
  siteDir?: string;
  queueDepth?: () => Promise<QueueDepth>;
  /** The queue whose dead letters `/api/dead-letters` lists and re-drives. */
  deadLetterQueue?: ConsumableQueue;
  apiToken?: string;
  maxUploadBytes: number;
  /** Files per upload request. @default 20 */
  maxFilesPerUpload?: number;
  /** Logs requests (pino) when true. @default false */
  logger?: boolean;
  version?: string;
  /** Browser origins allowed by CORS. @default [] (same-origin only) */
  corsOrigins?: string[];
  /** Chat and upload requests per minute per token or client address; 0 = unlimited. @default 120 */
  rateLimitPerMinute?: number;
}

/** Scripts, styles and connections only from this origin; answers and documents can never inject active content. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The local HTTP API of the product contract: health, uploads, jobs, documents and chat. */
export async function createHttpApi(deps: HttpApiDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ? { level: 'info', redact: ['req.headers.authorization'] } : false,
    bodyLimit: 1024 * 1024,
    // A document's source may stand in for its id in a path; percent-encoding can triple its length.
    routerOptions: { maxParamLength: MAX_PATH_ID_CHARS * 3 },
  });
  await app.register(multipart, {
    // Not thrown: a file over the limit arrives truncated and is refused alone, not its batch-mates.
    throwFileSizeLimit: false,
    limits: { fileSize: deps.maxUploadBytes, files: deps.maxFilesPerUpload ?? 20, fields: 10, parts: (deps.maxFilesPerUpload ?? 20) + 10 },
    // Keep the name as sent, so a name with a path is refused with a clear error instead of silently trimmed.
    preservePath: true,
  });
  app.setErrorHandler(handleHttpError);

  // CORS is an explicit allow-list: without RAG_CORS_ORIGINS no cross-origin browser call is allowed.
  const corsOrigins = deps.corsOrigins ?? [];
  await app.register(cors, {
    origin: corsOrigins.includes('*') ? true : corsOrigins.length > 0 ? corsOrigins : false,
    methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept'],
    maxAge: 600,
  });

  const perMinute = deps.rateLimitPerMinute ?? 120;
  await app.register(rateLimit, {
    global: false,
    // Per token when there is one (hashed, never kept in clear), else per client address.
    keyGenerator: (request) => {
      const authorization = request.headers.authorization;
      return authorization ? `token:${createHash('sha256').update(authorization).digest('hex')}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) =>
      new RagError('rate_limited', `Too many requests: at most ${context.max} per minute. Retry after ${Math.ceil(context.ttl / 1000)} s.`),
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Frame-Options', 'DENY');
    return payload;
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!deps.apiToken) return;
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') && !path.startsWith('/v1/')) return;
    if (!isAuthorized(request.headers.authorization, deps.apiToken)) {
      reply.header('WWW-Authenticate', 'Bearer');
      await reply.status(401).send(errorBody('unauthorized', 'A valid bearer token is required (Authorization: Bearer <RAG_API_TOKEN>).'));
    }
  });

  const { runtime } = deps;

  app.get('/api/health', async () => {
    const chunks = await runtime.store.countChunks();
    const documents = (await runtime.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents'))[0]?.n ?? 0;
    return {
      status: 'ok',
      version: deps.version,
      database: runtime.db.kind,
      documents: Number(documents),
      chunks,
      embeddings: runtime.embedder.id,
      chat: runtime.chatModel?.id ?? 'local:extractive',
      queue: deps.queueDepth ? await deps.queueDepth() : undefined,
    };
  });

  const limited: Record<string, unknown> = perMinute > 0 ? { rateLimit: { max: perMinute, timeWindow: 60_000 } } : {};

  app.post('/api/documents', { config: limited }, async (request, reply) => {
    if (!request.isMultipart()) throw new RagError('unsupported_media_type', 'Send the documents as multipart/form-data with one or more "file" parts.');
    // Parts are staged on disk and stored only once the whole request is accepted: a part with a
    // bad name refuses the request and leaves nothing behind, and memory holds one part at a time.
    // A file over the size limit is refused alone and named in `refused`.
    const staging = await mkdtemp(joinPath(os.tmpdir(), 'rag-upload-'));
    const stored: { key: string; size: number }[] = [];
    // A file over the limit is refused alone; its batch-mates are still taken.
    const refused: { name: string; reason: string }[] = [];
    try {
      const staged: { key: string; size: number; file: string; contentType: string }[] = [];
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        if (part.fieldname !== 'file') throw new RagError('invalid_request', `Unexpected file field "${part.fieldname}"; use "file".`);
        const key = apiUploadKey(part.filename);
        const body = await part.toBuffer();
        if (part.file.truncated) {
          refused.push({ name: part.filename, reason: `${part.filename}: the file is larger than the ${formatMegabytes(deps.maxUploadBytes)} limit per file.` });
          continue;
        }
        const file = joinPath(staging, String(staged.length));
        await writeFile(file, body);
        staged.push({ key, size: body.byteLength, file, contentType: part.mimetype });
      }
      if (staged.length === 0 && refused.length > 0) {
        throw new RagError('payload_too_large', refused.map((file) => file.reason).join(' '));
      }
      if (staged.length === 0) throw new RagError('invalid_request', 'No "file" part in the upload.');
      for (const part of staged) {
        await deps.objects.put(part.key, new Uint8Array(await readFile(part.file)), part.contentType);
        await rm(part.file);
        stored.push({ key: part.key, size: part.size });
      }
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    const jobId = await runtime.jobs.create('http', stored.map((s) => ({ source: s.key })));
    await deps.queue.send(stored.map((s) => JSON.stringify(buildS3ObjectEvent('Object Created', LOCAL_BUCKET, s.key, s.size))));
    deps.onQueued?.();
    return reply.status(202).send({ jobId, documents: stored.map((s) => ({ source: s.key, bytes: s.size })), ...(refused.length > 0 ? { refused } : {}) });
  });

  app.get('/api/jobs', async (request) => {
    const { limit } = parseRequest(jobsListQuerySchema, request.query);
    return runtime.jobs.list(limit);
  });

  app.get('/api/jobs/:id', async (request) => {
    const { id } = parseRequest(pathIdSchema, request.params);
    const job = await runtime.jobs.get(id);
    if (!job) throw new RagError('not_found', `No job ${id}`);
    return job;
  });

  app.get('/api/documents', async () => runtime.store.listDocuments());

  app.get('/api/dead-letters', async () => {
    if (!deps.deadLetterQueue) throw new RagError('not_found', 'No dead-letter queue here.');
    return deps.deadLetterQueue.deadLetters();
  });

  app.post(
    '/api/dead-letters/redrive',
    { schema: { body: { type: 'object', additionalProperties: false, properties: { ids: { type: 'array', maxItems: 1000, items: { type: 'string', pattern: '^[0-9]+$' } } } } } },
    async (request) => {
      if (!deps.deadLetterQueue) throw new RagError('not_found', 'No dead-letter queue here.');
      const { ids } = (request.body ?? {}) as { ids?: string[] };
      const redriven = await deps.deadLetterQueue.redrive(ids);
      deps.onQueued?.();
      return { redriven };
    },
  );

  app.delete('/api/documents/:id', async (request, reply) => {
    const { id } = parseRequest(pathIdSchema, request.params);
    const document = (await runtime.store.getDocument(id)) ?? (await runtime.store.findDocumentBySource(id));
    if (!document) throw new RagError('not_found', `No document ${id}`);
    // Remove the raw object too, or a later re-scan would ingest it again.
    await deps.objects.delete(document.source).catch(() => {});
    await runtime.store.deleteDocument(document.id);
    return reply.status(204).send();
  });

  app.post('/api/chat', { config: limited }, async (request, reply) => {
    const body: ChatTurnInput = parseRequest(chatRequestSchema, request.body, CHAT_REQUEST_INVALID_MESSAGE);
    if (!(request.headers.accept ?? '').includes('text/event-stream')) return deps.chat(body);
    // Server-Sent Events: answer deltas as they are produced, then the full response.
    const abort = new AbortController();
    request.raw.on('close', () => abort.abort());
    startEventStream(reply);
    try {
      const response = await deps.chat(body, { onAnswerDelta: (text) => writeEvent(reply, { text }, 'delta'), signal: abort.signal });
      writeEvent(reply, response, 'response');
    } catch (error) {
      const answer = errorReplyFor(error);
      if (answer.unexpected) request.log.error({ message: (error as Error).message }, 'chat stream failed');
      writeEvent(reply, answer.body, 'error');
    }
    reply.raw.end();
    return reply;
  });

  registerOpenAiCompatibleRoutes(app, deps.chat, limited);

  app.get('/config.json', async () => ({ apiUrl: '/api', auth: { type: deps.apiToken ? 'token' : 'none' } }));

  const siteDir = deps.siteDir && existsSync(deps.siteDir) ? deps.siteDir : undefined;
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (siteDir && (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && !path.startsWith('/v1/')) {
      // The site is a single-page app: unknown non-file paths get index.html.
      const file = (await readSiteFile(siteDir, path)) ?? (path.includes('.') ? undefined : await readSiteFile(siteDir, '/'));
      if (file) {
        reply.header('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        return reply.type(file.contentType).send(file.body);
      }
    }
    return reply.status(404).send(errorBody('not_found', `No route for ${request.method} ${path}`));
  });

  return app;
}
