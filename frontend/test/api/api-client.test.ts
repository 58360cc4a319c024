// @vitest-environment node
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiClient } from '../../src/api/api-client.js';
import { ApiError } from '../../src/api/api-error.js';
import type { ChatResponse } from '../../src/api/api-types.js';
import { type ScriptedServer, sendJson, startEventStream, startScriptedServer } from '../support/scripted-server.js';
import { chatResponse } from '../support/fixtures.js';

const response: ChatResponse = chatResponse({
  answer: 'Use the Documents panel [1].',
  citations: [{ n: 1, documentId: 'd1', source: 'samples/a.md', title: 'A', score: 0.9, excerpt: 'Use the Documents panel.' }],
  answerMode: 'generated',
});

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(url: string, options: { token?: string; onUnauthorized?: () => void } = {}) {
  return new ApiClient({
    baseUrl: `${url}/api`,
    authorization: async () => (options.token ? `Bearer ${options.token}` : undefined),
    onUnauthorized: options.onUnauthorized,
  });
}

describe('ApiClient.chat', () => {
  test('streams deltas, then returns the full response', async () => {
    server = await startScriptedServer({
      'POST /api/chat': async (_request, _body, reply) => {
        const send = startEventStream(reply);
        send('delta', { text: 'Use the ' });
        await new Promise((resolve) => setTimeout(resolve, 20));
        send('delta', { text: 'Documents panel [1].' });
        send('response', response);
        reply.end();
      },
    });
    const deltas: string[] = [];

    const result = await client(server.url).chat({ message: 'How?' }, { onDelta: (text) => deltas.push(text) });

    expect(deltas).toEqual(['Use the ', 'Documents panel [1].']);
    expect(result).toEqual(response);
    expect(server.requests[0]?.headers.accept).toContain('text/event-stream');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ message: 'How?' });
  });

  test('a server that answers plain JSON works too', async () => {
    server = await startScriptedServer({ 'POST /api/chat': (_request, _body, reply) => sendJson(reply, 200, response) });
    const deltas: string[] = [];

    const result = await client(server.url).chat({ message: 'How?', conversationId: response.conversationId }, { onDelta: (text) => deltas.push(text) });

    expect(result.answer).toBe(response.answer);
    expect(deltas).toEqual([response.answer]);
  });

  test('an error event becomes an ApiError with its code and message', async () => {
    server = await startScriptedServer({
      'POST /api/chat': (_request, _body, reply) => {
        startEventStream(reply)('error', { error: { code: 'provider_unavailable', message: 'The model did not answer.' } });
        reply.end();
      },
    });

    await expect(client(server.url).chat({ message: 'How?' })).rejects.toMatchObject({ code: 'provider_unavailable', message: 'The model did not answer.' });
  });

  test('a stream that ends without a response is an error, not an empty answer', async () => {
    server = await startScriptedServer({
      'POST /api/chat': (_request, _body, reply) => {
        startEventStream(reply)('delta', { text: 'Half an ans' });
        reply.end();
      },
    });

    await expect(client(server.url).chat({ message: 'How?' })).rejects.toMatchObject({ code: 'stream_ended' });
  });

  test('aborting stops the stream with an AbortError', async () => {
    server = await startScriptedServer({
      'POST /api/chat': (_request, _body, reply) => {
        startEventStream(reply)('delta', { text: 'Slow' });
      },
    });
    const controller = new AbortController();

    const pending = client(server.url).chat({ message: 'How?' }, { signal: controller.signal, onDelta: () => controller.abort() });

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('ApiClient errors and auth', () => {
  test('sends the Authorization header', async () => {
    server = await startScriptedServer({ 'GET /api/documents': (_request, _body, reply) => sendJson(reply, 200, []) });

    await client(server.url, { token: 's3cret' }).listDocuments();

    expect(server.requests[0]?.headers.authorization).toBe('Bearer s3cret');
  });

  test('a 401 reports itself before it is thrown', async () => {
    server = await startScriptedServer({
      'GET /api/documents': (_request, _body, reply) => sendJson(reply, 401, { error: { code: 'unauthorized', message: 'A valid bearer token is required.' } }),
    });
    const onUnauthorized = vi.fn();

    const failure = await client(server.url, { onUnauthorized })
      .listDocuments()
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 401, code: 'unauthorized', message: 'A valid bearer token is required.' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  test('a non-JSON error page still gives the status', async () => {
    server = await startScriptedServer({
      'GET /api/jobs/x': (_request, _body, reply) => void reply.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad gateway</h1>'),
    });

    await expect(client(server.url).getJob('x')).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  test('an unreachable server is a network error', async () => {
    server = await startScriptedServer({});
    const { url } = server;
    await server.close();
    server = undefined;

    await expect(client(url).health()).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  test('uploads send every file as a "file" part', async () => {
    server = await startScriptedServer({ 'POST /api/documents': (_request, _body, reply) => sendJson(reply, 202, { jobId: 'j1', documents: [] }) });

    const accepted = await client(server.url).uploadDocuments([new File(['# A'], 'a.md', { type: 'text/markdown' }), new File(['B'], 'b.txt')]);

    expect(accepted.jobId).toBe('j1');
    const body = server.requests[0]?.body ?? '';
    expect(body.match(/name="file"/g)).toHaveLength(2);
    expect(body).toContain('filename="a.md"');
    expect(server.requests[0]?.headers['content-type']).toContain('multipart/form-data');
  });

  test('presigned mode asks for upload URLs, then PUTs each file to its URL without the API token', async () => {
    server = await startScriptedServer({
      'POST /api/documents': (_request, _body, reply) =>
        sendJson(reply, 202, {
          jobId: 'j2',
          uploads: [
            {
              source: 'api-uploads/a.md',
              method: 'PUT',
              url: `${server!.url}/raw/api-uploads/a.md?X-Amz-Signature=abc`,
              headers: { 'Content-Type': 'text/markdown' },
            },
          ],
        }),
      'PUT /raw/api-uploads/a.md': (_request, _body, reply) => {
        reply.writeHead(200);
        reply.end();
      },
    });
    const presigned = new ApiClient({ baseUrl: `${server.url}/api`, uploadMode: 'presigned', authorization: async () => 'id-token' });

    const accepted = await presigned.uploadDocuments([new File(['# A'], 'a.md', { type: 'text/markdown' })]);

    expect(accepted).toEqual({ jobId: 'j2', documents: [{ source: 'api-uploads/a.md', bytes: 3 }] });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ files: [{ name: 'a.md', contentType: 'text/markdown', size: 3 }] });
    expect(server.requests[1]).toMatchObject({ method: 'PUT', body: '# A' });
    expect(server.requests[1]!.headers.authorization).toBeUndefined();
    expect(server.requests[1]!.headers['content-type']).toBe('text/markdown');
  });

  test('presigned mode uploads only the files the server took, and passes on the refused ones', async () => {
    server = await startScriptedServer({
      'POST /api/documents': (_request, _body, reply) =>
        sendJson(reply, 202, {
          jobId: 'j3',
          uploads: [
            {
              source: 'api-uploads/b.md',
              method: 'PUT',
              url: `${server!.url}/raw/api-uploads/b.md?X-Amz-Signature=abc`,
              headers: { 'Content-Type': 'text/markdown' },
            },
          ],
          refused: [{ name: 'big.pdf', code: 'too_large', reason: 'big.pdf: the file is larger than the 50 MB limit per file.' }],
        }),
      'PUT /raw/api-uploads/b.md': (_request, _body, reply) => {
        reply.writeHead(200);
        reply.end();
      },
    });
    const presigned = new ApiClient({ baseUrl: `${server.url}/api`, uploadMode: 'presigned', authorization: async () => 'id-token' });

    const accepted = await presigned.uploadDocuments([
      new File(['%PDF'], 'big.pdf', { type: 'application/pdf' }),
      new File(['# B'], 'b.md', { type: 'text/markdown' }),
    ]);

    expect(accepted).toEqual({
      jobId: 'j3',
      documents: [{ source: 'api-uploads/b.md', bytes: 3 }],
      refused: [{ name: 'big.pdf', code: 'too_large', reason: 'big.pdf: the file is larger than the 50 MB limit per file.' }],
    });
    expect(server.requests[1]).toMatchObject({ method: 'PUT', body: '# B' });
  });
});
