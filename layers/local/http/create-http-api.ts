import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join as joinPath } from 'node:path';
import { createHash } from 'node:crypto';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type Principal, type ScopeRequest, jobVisibility, narrowScope, readableCollections, uploadCollection } from '#core/access/access-policy.js';
import { apiUploadKeyIn } from '#core/access/source-collection.js';
import { assertCollectionName } from '#core/store/collection-name.js';
import type { ChatResponse, ChatTurnInput } from '#core/chat-workflow/chat-state.js';
import { ConversationRepository } from '#core/chat-workflow/conversation-repository.js';
import type { ObjectStore } from '#core/object-store/object-store.js';
import { buildS3ObjectEvent } from '#core/queue/s3-event.js';
import type { ConsumableQueue, Queue, QueueDepth } from '#core/queue/queue.js';
import type { RagRuntime } from '#core/runtime/rag-runtime.js';
import { LocalIdentities } from './local-users.js';
import { scopeFromChatBody } from './scope-request.js';
import { chatScopeSchema } from '#core/contract/chat-scope-contract.js';
import { startEventStream, writeEvent } from './event-stream.js';
import { RagError } from '#core/errors.js';
import { CHAT_REQUEST_INVALID_MESSAGE, chatRequestSchema } from '#core/contract/chat-contract.js';
import { pathIdSchema } from '#core/contract/documents-contract.js';
import { MAX_PATH_ID_CHARS } from '#core/contract/limits.js';
import { errorReplyFor } from '#core/contract/error-reply.js';
import { jobsListQuerySchema } from '#core/contract/jobs-contract.js';
import { parseRequest } from '#core/contract/parse-request.js';
import { deleteDocument } from '#core/documents/delete-document.js';
import { type RefusedFile, assertSomethingTaken, oversizedRefusal } from '#core/documents/refuse-oversized.js';
import { findJob } from '#core/ingestion/find-job.js';
import { errorBody, handleHttpError } from './http-errors.js';
import { registerAdminRoutes } from './admin-routes.js';
import { registerFeedbackRoutes } from './feedback-routes.js';
import { registerOpenAiCompatibleRoutes } from './openai-compatible-routes.js';
import { readSiteFile } from './site-files.js';
import { API_UPLOAD_PREFIX } from '#core/object-store/upload-name.js';

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
  /** Who may call, with which roles; without it, `apiToken` alone (an admin) or, with neither, an anonymous admin. */
  identities?: LocalIdentities;
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

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (set for /api/ and /v1/ routes). */
    principal?: Principal;
  }
}

/** The caller of an /api/ or /v1/ route; the onRequest hook has refused the request without one. */
function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new RagError('unauthorized', 'A valid bearer token is required.');
  return request.principal;
}

function requireAdmin(request: FastifyRequest): Principal {
  const principal = principalOf(request);
  if (!principal.admin) throw new RagError('forbidden', 'Only an admin may do this.');
  return principal;
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
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
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

  const identities = deps.identities ?? new LocalIdentities({ apiToken: deps.apiToken });
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') && !path.startsWith('/v1/')) return;
    const identified = identities.identify(request.headers.authorization);
    if ('principal' in identified) {
      request.principal = identified.principal;
      return;
    }
    reply.header('WWW-Authenticate', 'Bearer');
    await reply.status(401).send(errorBody('unauthorized', 'A valid bearer token is required (Authorization: Bearer <token>).'));
  });

  /** A chat turn as the caller: their conversations, within their readable collections, narrowed by the request. */
  const chatAs = (request: FastifyRequest, input: ChatTurnInput & { narrow?: ScopeRequest }, extra?: Parameters<HttpApiDependencies['chat']>[1]) => {
    const principal = principalOf(request);
    const { narrow, ...turn } = input;
    return deps.chat({ ...turn, userId: principal.user, scope: narrowScope(principal, narrow) }, extra);
  };

  const { runtime } = deps;
  const conversations = new ConversationRepository(runtime.db);

  app.get('/api/health', async (request) => {
    // Counts only what the caller may read: a total would tell a reader about collections they cannot see.
    const readable = readableCollections(principalOf(request));
    const [counted] = await runtime.db.query<{ documents: number; chunks: number }>(
      `SELECT count(*)::int AS documents, coalesce(sum(chunk_count), 0)::int AS chunks
       FROM documents WHERE $1::text[] IS NULL OR collection = ANY($1::text[])`,
      [readable ?? null],
    );
    return {
      status: 'ok',
      version: deps.version,
      database: runtime.db.kind,
      documents: counted?.documents ?? 0,
      chunks: counted?.chunks ?? 0,
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
    const principal = principalOf(request);
    const stored: { key: string; size: number }[] = [];
    let collection: string | undefined;
    // A file over the limit is refused alone; its batch-mates are still taken.
    const refused: RefusedFile[] = [];
    try {
      const staged: { name: string; size: number; file: string; contentType: string }[] = [];
      let requested: string | undefined;
      for await (const part of request.parts()) {
        if (part.type !== 'file') {
          if (part.fieldname === 'collection') requested = assertCollectionName(String(part.value).trim());
          continue;
        }
        if (part.fieldname !== 'file') throw new RagError('invalid_request', `Unexpected file field "${part.fieldname}"; use "file".`);
        // Checked as the part arrives, so a bad name refuses the request before anything is read.
        apiUploadKeyIn('default', part.filename);
        const body = await part.toBuffer();
        if (part.file.truncated) {
          refused.push(oversizedRefusal(part.filename, deps.maxUploadBytes));
          continue;
        }
        const file = joinPath(staging, String(staged.length));
        await writeFile(file, body);
        staged.push({ name: part.filename, size: body.byteLength, file, contentType: part.mimetype });
      }
      // The field may follow the files in the form, so the collection is settled once all parts are in.
      collection = uploadCollection(principal, requested);
      assertSomethingTaken(staged.length, refused);
      if (staged.length === 0) throw new RagError('invalid_request', 'No "file" part in the upload.');
      for (const part of staged) {
        const key = apiUploadKeyIn(collection, part.name);
        await deps.objects.put(key, new Uint8Array(await readFile(part.file)), part.contentType);
        await rm(part.file);
        stored.push({ key, size: part.size });
      }
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    const jobId = await runtime.jobs.create(
      'http',
      stored.map((s) => ({ source: s.key })),
      undefined,
      { uploader: principal.user, collection },
    );
    await deps.queue.send(stored.map((s) => JSON.stringify(buildS3ObjectEvent('Object Created', LOCAL_BUCKET, s.key, s.size))));
    deps.onQueued?.();
    return reply
      .status(202)
      .send({ jobId, collection, documents: stored.map((s) => ({ source: s.key, bytes: s.size })), ...(refused.length > 0 ? { refused } : {}) });
  });

  app.get('/api/jobs', async (request) => {
    const { limit } = parseRequest(jobsListQuerySchema, request.query);
    return runtime.jobs.list(limit, jobVisibility(principalOf(request)));
  });

  app.get('/api/jobs/:id', async (request) => {
    const { id } = parseRequest(pathIdSchema, request.params);
    return findJob(runtime.jobs, id, jobVisibility(principalOf(request)));
  });

  app.get('/api/documents', async (request) => runtime.store.listDocuments(readableCollections(principalOf(request))));

  app.get('/api/collections', async (request) => {
    const principal = principalOf(request);
    const names = (await runtime.db.query<{ name: string }>('SELECT name FROM collections ORDER BY name')).map((row) => row.name);
    if (principal.admin) return names.map((name) => ({ name, role: 'admin' }));
    return Object.entries(principal.collections)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, role]) => ({ name, role }));
  });

  registerAdminRoutes(app, { db: runtime.db, identities, principalOf });

  app.get('/api/dead-letters', async (request) => {
    requireAdmin(request);
    if (!deps.deadLetterQueue) throw new RagError('not_found', 'No dead-letter queue here.');
    return deps.deadLetterQueue.deadLetters();
  });

  app.post(
    '/api/dead-letters/redrive',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { ids: { type: 'array', maxItems: 1000, items: { type: 'string', pattern: '^[0-9]+$' } } },
        },
      },
    },
    async (request) => {
      requireAdmin(request);
      if (!deps.deadLetterQueue) throw new RagError('not_found', 'No dead-letter queue here.');
      const { ids } = (request.body ?? {}) as { ids?: string[] };
      const redriven = await deps.deadLetterQueue.redrive(ids);
      deps.onQueued?.();
      return { redriven };
    },
  );

  app.delete('/api/documents/:id', async (request, reply) => {
    const { id } = parseRequest(pathIdSchema, request.params);
    await deleteDocument({ store: runtime.store, objects: deps.objects }, id, principalOf(request));
    return reply.status(204).send();
  });

  app.post('/api/chat', { config: limited }, async (request, reply) => {
    // The scope fields are taken off first, so the rest is checked exactly as on AWS.
    const { collections, filters, ...turn } = (request.body ?? {}) as Record<string, unknown>;
    const body: ChatTurnInput = parseRequest(chatRequestSchema, turn, CHAT_REQUEST_INVALID_MESSAGE);
    const scope = parseRequest(chatScopeSchema, { collections, filters });
    const principal = principalOf(request);
    // Another user's conversation is answered exactly like one that does not exist.
    if (body.conversationId) {
      const owner = await conversations.owner(body.conversationId);
      if (owner !== undefined && owner !== principal.user) throw new RagError('not_found', `No conversation ${body.conversationId}`);
    }
    const input = { message: body.message, ...(body.conversationId ? { conversationId: body.conversationId } : {}), narrow: scopeFromChatBody(scope) };
    if (!(request.headers.accept ?? '').includes('text/event-stream')) return chatAs(request, input);
    // Server-Sent Events: answer deltas as they are produced, then the full response.
    const abort = new AbortController();
    request.raw.on('close', () => abort.abort());
    startEventStream(reply);
    try {
      const response = await chatAs(request, input, { onAnswerDelta: (text) => writeEvent(reply, { text }, 'delta'), signal: abort.signal });
      writeEvent(reply, response, 'response');
    } catch (error) {
      const answer = errorReplyFor(error);
      if (answer.unexpected) request.log.error({ message: (error as Error).message }, 'chat stream failed');
      writeEvent(reply, answer.body, 'error');
    }
    reply.raw.end();
    return reply;
  });

  registerOpenAiCompatibleRoutes(app, chatAs, limited);
  registerFeedbackRoutes(app, runtime, principalOf, requireAdmin);

  app.get('/config.json', async () => ({ apiUrl: '/api', auth: { type: identities.required ? 'token' : 'none' } }));

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
