import { randomUUID } from 'node:crypto';

export type S3EventType = 'Object Created' | 'Object Deleted';

/** The EventBridge event S3 emits for an object, as the ingest queue receives it. */
export interface S3ObjectEvent {
  version: '0';
  id: string;
  'detail-type': S3EventType;
  source: 'aws.s3';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    version: '0';
    bucket: { name: string };
    object: { key: string; size?: number; etag?: string; sequencer?: string };
    reason?: string;
    'deletion-type'?: string;
  };
}

/** Builds the event S3 would send; the local stack uses it so the worker sees exactly what the Lambda sees. */
export function buildS3ObjectEvent(type: S3EventType, bucket: string, key: string, size?: number): S3ObjectEvent {
  const object: S3ObjectEvent['detail']['object'] = { key, sequencer: Date.now().toString(16).toUpperCase().padStart(16, '0') };
  if (size !== undefined) object.size = size;
  const event: S3ObjectEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': type,
    source: 'aws.s3',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'local',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: { version: '0', bucket: { name: bucket }, object, reason: type === 'Object Created' ? 'PutObject' : 'DeleteObject' },
  };
  if (type === 'Object Deleted') event.detail['deletion-type'] = 'Permanently Deleted';
  return event;
}

export interface ParsedS3Event {
  type: S3EventType;
  bucket: string;
  key: string;
}

/** Reads an SQS message body as an S3 EventBridge event; throws a clear error for anything else (a poison message). */
export function parseS3ObjectEvent(body: string): ParsedS3Event {
  let event: Partial<S3ObjectEvent>;
  try {
    event = JSON.parse(body) as Partial<S3ObjectEvent>;
  } catch {
    throw new PoisonMessageError('message body is not JSON');
  }
  const type = event?.['detail-type'];
  if (type !== 'Object Created' && type !== 'Object Deleted') throw new PoisonMessageError(`unexpected detail-type ${JSON.stringify(type)}`);
  const key = event.detail?.object?.key;
  const bucket = event.detail?.bucket?.name;
  if (typeof key !== 'string' || !key) throw new PoisonMessageError('event has no object key');
  if (typeof bucket !== 'string' || !bucket) throw new PoisonMessageError('event has no bucket name');
  return { type, bucket, key };
}

/** A message that can never be processed, however often it is retried. */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}
