import type { FastifyReply } from 'fastify';

/** Takes the response over from Fastify and opens a Server-Sent Events stream (no buffering by proxies). */
export function startEventStream(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Content-Type-Options': 'nosniff',
    'X-Accel-Buffering': 'no',
  });
}

/** Writes one SSE message (`event:` line only when named); ignored once the client has gone. */
export function writeEvent(reply: FastifyReply, data: unknown, event?: string): void {
  if (reply.raw.writableEnded) return;
  reply.raw.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}
