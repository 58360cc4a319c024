import { describe, expect, test } from 'vitest';
import type { JobEvent } from '../../src/api/api-types.js';
import { documentStage } from '../../src/documents/document-stage.js';

const SOURCE = 'api-uploads/violin.pdf';
const event = (type: JobEvent['type'], detail = '', source = SOURCE): JobEvent => ({ at: '2026-01-05T10:00:00Z', type, source, detail });

describe('documentStage', () => {
  test.each([
    ['no events', [], undefined],
    ['only job events', [event('job_started', '', undefined as unknown as string)], undefined],
    ['received', [event('received', '52428 bytes')], { stage: 'received' }],
    ['parsed', [event('received'), event('parsed', 'pdf, 40 section(s), language en')], { stage: 'parsed' }],
    ['chunked, with the count', [event('received'), event('parsed'), event('chunked', '412 chunk(s)')], { stage: 'chunked', chunks: 412 }],
    [
      'embedded',
      [event('received'), event('parsed'), event('chunked', '412 chunk(s)'), event('embedded', '412 vector(s)')],
      { stage: 'embedded', chunks: 412 },
    ],
    [
      'embedding, n of m',
      [event('chunked', '412 chunk(s)'), event('embedded', '128 of 412 chunk(s)'), event('embedded', '256 of 412 chunk(s)')],
      { stage: 'embedding', embedded: 256, chunks: 412 },
    ],
    [
      'embedding done after its progress',
      [event('chunked', '412 chunk(s)'), event('embedded', '256 of 412 chunk(s)'), event('embedded', '412 vector(s)')],
      { stage: 'embedded', chunks: 412 },
    ],
    ['another document’s events do not count', [event('chunked', '9 chunk(s)', 'api-uploads/other.md')], undefined],
  ])('%s', (_, events, expected) => {
    expect(documentStage(events, SOURCE)).toEqual(expected);
  });
});
