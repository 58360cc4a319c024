import { matchesEventPattern } from './event-pattern.js';

const EVENT = {
  source: 'aws.s3',
  'detail-type': 'Object Created',
  detail: { bucket: { name: 'raw-bucket' }, object: { key: 'alice/my+file.pdf', size: 1024 }, reason: 'PutObject' },
  resources: ['arn:aws:s3:::raw-bucket'],
};

describe('matchesEventPattern', () => {
  test.each<[string, Record<string, unknown>, boolean]>([
    [
      'the rule of the template',
      { source: ['aws.s3'], 'detail-type': ['Object Created', 'Object Deleted'], detail: { bucket: { name: ['raw-bucket'] } } },
      true,
    ],
    ['another bucket', { source: ['aws.s3'], detail: { bucket: { name: ['other'] } } }, false],
    ['another detail type', { 'detail-type': ['Object Deleted'] }, false],
    ['an exact number', { detail: { object: { size: [1024] } } }, true],
    ['a number as text', { detail: { object: { size: ['1024'] } } }, false],
    ['a prefix', { detail: { object: { key: [{ prefix: 'alice/' }] } } }, true],
    ['another prefix', { detail: { object: { key: [{ prefix: 'bob/' }] } } }, false],
    ['a prefix ignoring case', { detail: { object: { key: [{ prefix: { 'equals-ignore-case': 'ALICE/' } }] } } }, true],
    ['a suffix', { detail: { object: { key: [{ suffix: '.pdf' }] } } }, true],
    ['another suffix', { detail: { object: { key: [{ suffix: '.docx' }] } } }, false],
    ['anything-but a value', { detail: { reason: [{ 'anything-but': 'DeleteObject' }] } }, true],
    ['anything-but the value it has', { detail: { reason: [{ 'anything-but': ['PutObject', 'CopyObject'] }] } }, false],
    ['anything-but a suffix', { detail: { object: { key: [{ 'anything-but': { suffix: '.filepart' } }] } } }, true],
    ['exists on a present field', { detail: { object: { size: [{ exists: true }] } } }, true],
    ['exists on an absent field', { detail: { object: { 'version-id': [{ exists: true }] } } }, false],
    ['not exists on an absent field', { detail: { object: { 'version-id': [{ exists: false }] } } }, true],
    ['a numeric range that holds', { detail: { object: { size: [{ numeric: ['>', 0, '<=', 5_000_000] }] } } }, true],
    ['a numeric range that does not', { detail: { object: { size: [{ numeric: ['>', 5_000_000] }] } } }, false],
    ['an array field matching any element', { resources: ['arn:aws:s3:::raw-bucket'] }, true],
    ['a wildcard', { detail: { object: { key: [{ wildcard: 'alice/*.pdf' }] } } }, true],
    ['a nested object where the event has a value', { source: { name: ['x'] } }, false],
    ['any of several matchers', { detail: { object: { key: [{ prefix: 'bob/' }, { suffix: '.pdf' }] } } }, true],
  ])('%s: %s', (_name, pattern, expected) => {
    // act
    const matched = matchesEventPattern(pattern, EVENT);
    // assess
    expect(matched).toBe(expected);
  });

  test('rejects an operator it does not know instead of guessing', () => {
    // act
    const act = () => matchesEventPattern({ detail: { reason: [{ cidr: '10.0.0.0/24' }] } }, EVENT);
    // assess
    expect(act).toThrow(/Unsupported event pattern operator cidr/);
  });
});
