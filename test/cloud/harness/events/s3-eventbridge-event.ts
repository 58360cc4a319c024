import { randomBytes, randomUUID } from 'node:crypto';
import type { S3Change } from '../emulators/s3-emulator.js';

/**
 * An object key as S3 writes it into event notifications: form encoding, where a space becomes `+` and every byte
 * outside letters, digits, `-_.*` and `/` becomes `%XX` (so a literal `+` is `%2B`).
 */
export function encodeS3EventKey(key: string): string {
  return [...Buffer.from(key, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (/[A-Za-z0-9\-_.*/]/.test(char)) return char;
      if (char === ' ') return '+';
      return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** The EventBridge event S3 sends for a change in a bucket with EventBridge notifications on, in AWS's shape. */
export function s3EventBridgeEvent(change: S3Change, account: string, region: string, time = new Date()): Record<string, unknown> {
  const object: Record<string, unknown> = { key: encodeS3EventKey(change.key) };
  if (change.type === 'Object Created') {
    object.size = change.size;
    object.etag = change.etag;
  }
  object['version-id'] = change.versionId;
  object.sequencer = change.sequencer;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': change.type,
    source: 'aws.s3',
    account,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:s3:::${change.bucket}`],
    detail: {
      version: '0',
      bucket: { name: change.bucket },
      object,
      'request-id': randomBytes(8).toString('hex').toUpperCase(),
      requester: change.requester.startsWith('ASIA') ? account : change.requester,
      'source-ip-address': '10.0.0.1',
      reason: change.reason,
      ...(change.type === 'Object Deleted' ? { 'deletion-type': 'Delete Marker Created' } : {}),
    },
  };
}
