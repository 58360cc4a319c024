import { encodeS3EventKey, s3EventBridgeEvent } from './s3-eventbridge-event.js';

describe('encodeS3EventKey', () => {
  test.each([
    ['alice/report.pdf', 'alice/report.pdf'],
    ['alice/my file (1).pdf', 'alice/my+file+%281%29.pdf'],
    ['alice/résumé+notes.docx', 'alice/r%C3%A9sum%C3%A9%2Bnotes.docx'],
    ['a&b=c?.txt', 'a%26b%3Dc%3F.txt'],
    ['alice/dir/', 'alice/dir/'],
  ])('%s → %s', (key, expected) => {
    // act
    const encoded = encodeS3EventKey(key);
    // assess
    expect(encoded).toBe(expected);
  });
});

describe('s3EventBridgeEvent', () => {
  test('has the fields of an Object Created event, the key encoded', () => {
    // act
    const event = s3EventBridgeEvent(
      {
        type: 'Object Created',
        bucket: 'raw',
        key: 'a b.pdf',
        size: 5,
        etag: 'e',
        versionId: 'v',
        sequencer: '01',
        reason: 'PutObject',
        requester: '123456789012',
      },
      '123456789012',
      'us-east-1',
    );
    // assess
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '123456789012',
      region: 'us-east-1',
      resources: ['arn:aws:s3:::raw'],
      detail: { bucket: { name: 'raw' }, object: { key: 'a+b.pdf', size: 5, etag: 'e', 'version-id': 'v', sequencer: '01' }, reason: 'PutObject' },
    });
  });

  test('has a deletion type and no size on an Object Deleted event', () => {
    // act
    const event = s3EventBridgeEvent(
      { type: 'Object Deleted', bucket: 'raw', key: 'k', versionId: 'v', sequencer: '02', reason: 'DeleteObject', requester: 'x' },
      '1',
      'us-east-1',
    );
    // assess
    const detail = event.detail as { object: Record<string, unknown>; 'deletion-type': string };
    expect(detail['deletion-type']).toBe('Delete Marker Created');
    expect(detail.object).not.toHaveProperty('size');
  });
});
