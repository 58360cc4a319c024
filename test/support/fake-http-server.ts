import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake server received it. */
export interface RecordedRequest {
  method: string;
  /** Path with query string, as sent (still URL-encoded). */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = any>(): T;
}

/** What the fake server answers. */
export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string or bytes is sent as is; anything else as JSON. */
  body?: unknown;
  /** Sent one write at a time (e.g. server-sent events or event-stream frames), after the headers. */
  chunks?: Array<string | Uint8Array>;
  /** Never answer: for timeout tests. */
  hang?: boolean;
  /** Drop the connection without answering: for network-error tests. */
  destroy?: boolean;
}

export interface FakeRequestContext {
  /** 0-based position of this request among all requests the server received. */
  index: number;
  /** Raw access, for answers FakeResponse cannot describe; return nothing after using it. */
  res: ServerResponse;
}

/** Returns the answer, or nothing to fall back to the server's default behaviour. */
export type FakeHandler = (
  request: RecordedRequest,
  context: FakeRequestContext,
  // biome-ignore lint/suspicious/noConfusingVoidType: handlers that only record the request have no return statement at all.
) => FakeResponse | undefined | void | Promise<FakeResponse | undefined | void>;

export interface FakeServer {
  /** "http://127.0.0.1:PORT", no trailing slash. */
  url: string;
  port: number;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 with a random port. `handler` answers first; when it
 * returns nothing, `fallback` does; without either, 404.
 */
export async function startFakeServer(handler?: FakeHandler, fallback?: FakeHandler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const text = body.toString('utf8');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body,
      text,
      json: () => JSON.parse(text),
    };
    const index = requests.push(request) - 1;
    try {
      let response = await handler?.(request, { index, res });
      if (!response && !res.headersSent && !res.writableEnded) response = await fallback?.(request, { index, res });
      if (response) await send(res, response);
      else if (!res.headersSent && !res.writableEnded)
        await send(res, { status: 404, body: { message: `no fake route for ${request.method} ${request.path}` } });
    } catch (error) {
      if (!res.headersSent) await send(res, { status: 500, body: { message: `fake server handler failed: ${String(error)}` } });
      else res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function send(res: ServerResponse, response: FakeResponse): Promise<void> {
  if (response.destroy) {
    res.socket?.destroy();
    return;
  }
  if (response.hang) return;
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | Uint8Array | undefined;
  if (typeof response.body === 'string' || response.body instanceof Uint8Array) payload = response.body;
  else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(response.status ?? 200, headers);
  if (payload !== undefined) res.write(payload);
  for (const chunk of response.chunks ?? []) {
    res.write(chunk);
    // Yield between writes so the client sees separate chunks, as from a real stream.
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}
