import { documentStatusLabel } from '../../../bin/cli/document-status-label.js';
import type { JobEvent } from '#core/ingestion/job.js';

const SOURCE = 'uploads/violin.pdf';
const event = (type: JobEvent['type'], detail: string, source = SOURCE): JobEvent => ({ at: '2026-01-05T10:00:00Z', type, source, detail });

describe('documentStatusLabel', () => {
  test.each([
    ['a finished document keeps its status', 'indexed', [event('embedded', '412 vector(s)'), event('stored', '412 chunk(s)')], 'indexed'],
    ['pending, before any stage', 'pending', [], 'pending'],
    ['pending, chunked', 'pending', [event('received', '5242880 bytes'), event('chunked', '412 chunk(s)')], 'pending: chunked 412 chunk(s)'],
    [
      'pending, embedding n of m',
      'pending',
      [event('chunked', '412 chunk(s)'), event('embedded', '128 of 412 chunk(s)'), event('embedded', '256 of 412 chunk(s)')],
      'pending: embedded 256 of 412 chunk(s)',
    ],
    ['another document’s events do not count', 'pending', [event('chunked', '9 chunk(s)', 'uploads/other.md')], 'pending'],
  ] as const)('%s', (_, status, events, expected) => {
    // act
    const label = documentStatusLabel({ source: SOURCE, status }, events);

    // assess
    expect(label).toBe(expected);
  });
});
