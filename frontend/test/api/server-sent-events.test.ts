import { describe, expect, test } from 'vitest';
import { readServerSentEvents } from '../../src/api/server-sent-events.js';

function streamOf(pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function collect(pieces: string[]) {
  const events = [];
  for await (const event of readServerSentEvents(streamOf(pieces))) events.push(event);
  return events;
}

describe('readServerSentEvents', () => {
  test.each([
    ['whole events', ['event: delta\ndata: {"text":"Hi"}\n\n', 'event: response\ndata: {}\n\n']],
    ['events split mid-line', ['event: del', 'ta\ndata: {"te', 'xt":"Hi"}\n', '\nevent: response\ndata: {}\n\n']],
    ['CRLF line ends', ['event: delta\r\ndata: {"text":"Hi"}\r\n\r\nevent: response\r\ndata: {}\r\n\r\n']],
    ['comments and a last event without its blank line', [': keep-alive\n\nevent: delta\ndata: {"text":"Hi"}\n\nevent: response\ndata: {}']],
  ])('%s', async (_name, pieces) => {
    expect(await collect(pieces)).toEqual([
      { event: 'delta', data: '{"text":"Hi"}' },
      { event: 'response', data: '{}' },
    ]);
  });

  test('multi-line data joins with newlines and a missing event name means "message"', async () => {
    expect(await collect(['data: one\ndata: two\n\n'])).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  test('multi-byte characters split across chunks survive', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"¿Qué tal? ñ"}\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readServerSentEvents(stream)) events.push(event);

    expect(events).toEqual([{ event: 'delta', data: '{"text":"¿Qué tal? ñ"}' }]);
  });
});
