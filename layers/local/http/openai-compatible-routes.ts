import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ScopeRequest } from '#core/access/access-policy.js';
import type { ChatResponse, ChatTurnInput } from '#core/chat-workflow/chat-state.js';
import { startEventStream, writeEvent } from './event-stream.js';
import { RagError } from '#core/errors.js';
import { scopeFromMetadata } from './scope-request.js';

/** The model name OpenAI clients see; any requested model name is accepted and answered by the RAG. */
export const RAG_MODEL_ID = 'rag';

type ContentPart = { type: string; text?: string };
interface CompletionRequest {
  model?: string;
  messages: { role: string; content: string | ContentPart[] | null }[];
  stream?: boolean;
  /** May narrow the search: collections, sourcePrefix, formats, languages, updatedFrom, updatedTo. */
  metadata?: Record<string, unknown>;
}

/** Runs a chat turn for the caller of `request`, within what they may read, narrowed by `narrow`. */
export type ScopedChat = (
  request: FastifyRequest,
  input: ChatTurnInput & { narrow?: ScopeRequest },
  extra?: { onAnswerDelta?: (text: string) => void; signal?: AbortSignal },
) => Promise<ChatResponse>;

const requestSchema = {
  type: 'object',
  required: ['messages'],
  properties: {
    model: { type: 'string', maxLength: 200 },
    stream: { type: 'boolean' },
    metadata: { type: 'object' },
    messages: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['role'],
        properties: {
          role: { type: 'string', enum: ['system', 'developer', 'user', 'assistant', 'tool'] },
          content: { anyOf: [{ type: 'string' }, { type: 'null' }, { type: 'array', items: { type: 'object' } }] },
        },
      },
    },
  },
} as const;

function textOf(content: CompletionRequest['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('\n');
}

/** The answer with its sources listed, so clients that only show `content` still show citations. */
export function contentWithSources(response: ChatResponse): string {
  if (response.citations.length === 0) return response.answer;
  const sources = response.citations.map((c) => {
    const where = [c.heading, c.page ? `p. ${c.page}` : undefined].filter(Boolean).join(', ');
    return `[${c.n}] ${c.title}${where ? ` — ${where}` : ''} (${c.source})`;
  });
  return `${response.answer}\n\n${response.language === 'es' ? 'Fuentes' : 'Sources'}:\n${sources.join('\n')}`;
}

/**
 * `POST /v1/chat/completions` and `GET /v1/models`: an OpenAI-compatible face of the RAG, so
 * existing OpenAI clients and chat UIs can use it. The last user message is the question and
 * the earlier messages are its history; `stream: true` answers with chat.completion.chunk SSE.
 */
export function registerOpenAiCompatibleRoutes(app: FastifyInstance, chat: ScopedChat, routeConfig: Record<string, unknown> = {}): void {
  app.get('/v1/models', async () => ({
    object: 'list',
    data: [{ id: RAG_MODEL_ID, object: 'model', created: 0, owned_by: 'rag-docbot' }],
  }));

  app.post('/v1/chat/completions', { schema: { body: requestSchema }, config: routeConfig }, async (request, reply) => {
    const body = request.body as CompletionRequest;
    const turns = body.messages.filter((m) => m.role === 'user' || m.role === 'assistant');
    const last = turns.at(-1);
    if (last?.role !== 'user') throw new RagError('invalid_request', 'The last message must come from the user.');
    const message = textOf(last.content).trim();
    if (!message) throw new RagError('invalid_request', 'The last user message has no text.');
    const history = turns.slice(0, -1).map((m) => ({ role: m.role as 'user' | 'assistant', content: textOf(m.content) }));
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model || RAG_MODEL_ID;
    const narrow = scopeFromMetadata(body.metadata);

    if (!body.stream) {
      const response = await chat(request, { message, history, narrow });
      return {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: contentWithSources(response) }, finish_reason: 'stop', logprobs: null }],
        usage: {
          prompt_tokens: response.usage.llmInputTokens,
          completion_tokens: response.usage.llmOutputTokens,
          total_tokens: response.usage.llmInputTokens + response.usage.llmOutputTokens,
        },
        citations: response.citations,
        ...(response.sources ? { sources: response.sources } : {}),
        rag: {
          intent: response.intent,
          language: response.language,
          answerMode: response.answerMode,
          conversationId: response.conversationId,
          messageId: response.messageId,
        },
      };
    }

    const abort = new AbortController();
    request.raw.on('close', () => abort.abort());
    startEventStream(reply);
    const send = (data: unknown) => writeEvent(reply, data);
    const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
      send({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...extra });
    chunk({ role: 'assistant', content: '' }, null);
    try {
      const response = await chat(request, { message, history, narrow }, { onAnswerDelta: (text) => chunk({ content: text }, null), signal: abort.signal });
      // Direct replies (greetings, off-topic) are not streamed by the answer step; send them whole.
      if (response.answerMode === 'direct') chunk({ content: response.answer }, null);
      const sources = contentWithSources(response).slice(response.answer.length);
      if (sources) chunk({ content: sources }, null);
      chunk({}, 'stop', {
        rag: { intent: response.intent, language: response.language, answerMode: response.answerMode, messageId: response.messageId },
        citations: response.citations,
        ...(response.sources ? { sources: response.sources } : {}),
        usage: {
          prompt_tokens: response.usage.llmInputTokens,
          completion_tokens: response.usage.llmOutputTokens,
          total_tokens: response.usage.llmInputTokens + response.usage.llmOutputTokens,
        },
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'internal_error';
      send({ error: { message: code === 'internal_error' ? 'Internal error; see the server log.' : (error as Error).message, type: code, code } });
    }
    writeEvent(reply, '[DONE]');
    reply.raw.end();
    return reply;
  });
}
