import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Authorizer } from '../iam/authorizer.js';
import type { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import { type AwsRequest, type AwsServer, startAwsServer } from './aws-server.js';
import type { HarnessTls } from './harness-tls.js';

export interface StoredS3Object {
  readonly key: string;
  readonly body: Buffer;
  /** What Content-Length reports: the body's length, or a faked size (a multi-GB object that is never allocated). */
  readonly size: number;
  readonly contentType: string;
  readonly etag: string;
  readonly versionId: string;
  readonly lastModified: Date;
}

/** A change S3 announces on EventBridge (the bucket has EventBridge notifications on). */
export interface S3Change {
  readonly type: 'Object Created' | 'Object Deleted';
  readonly bucket: string;
  readonly key: string;
  readonly size?: number;
  readonly etag?: string;
  readonly versionId: string;
  readonly sequencer: string;
  readonly reason: 'PutObject' | 'DeleteObject' | 'CopyObject' | 'CompleteMultipartUpload';
  readonly requester: string;
}

/** One call the emulator served, for assertions (which keys were downloaded, by whom). */
export interface S3Call {
  readonly operation: 'PutObject' | 'GetObject' | 'HeadObject' | 'DeleteObject' | 'ListObjectsV2';
  readonly bucket: string;
  readonly key: string;
  readonly accessKeyId: string;
  readonly status: number;
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `aws-chunked` bodies (streaming SigV4 or trailing checksums) carry the payload in `size;ext\r\n data \r\n` frames. */
function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString().split(';')[0]!, 16);
    if (!size) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Amazon S3 over its REST/XML protocol (path-style, as the SDK addresses an IP endpoint): PutObject (also through a
 * presigned URL), GetObject, HeadObject, DeleteObject (versioned: a delete marker) and ListObjectsV2. Every call is
 * authorized for the signer's role; a missing object is 404 only for a caller allowed s3:ListBucket, 403 otherwise,
 * as S3 does. Changes are announced to `onChange` (EventBridge).
 */
export class S3Emulator {
  readonly calls: S3Call[] = [];
  private readonly buckets = new Map<string, Map<string, StoredS3Object>>();
  private readonly listeners: Array<(change: S3Change) => void> = [];
  private sequence = 0;
  private server?: AwsServer;

  constructor(
    resolver: IntrinsicResolver,
    private readonly authorizer: Authorizer,
  ) {
    for (const [logicalId, resource] of Object.entries(resolver.template.Resources)) {
      if (resource.Type === 'AWS::S3::Bucket') this.buckets.set(String(resolver.ref(logicalId)), new Map());
    }
  }

  get url(): string {
    if (!this.server) throw new Error('S3 emulator not started');
    return this.server.url;
  }

  async start(tls: HarnessTls): Promise<void> {
    this.server = await startAwsServer(
      tls,
      's3',
      (request, res) => this.handle(request, res),
      (res, code, message) => this.error(res, 403, code, message),
    );
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  onChange(listener: (change: S3Change) => void): void {
    this.listeners.push(listener);
  }

  bucketNames(): string[] {
    return [...this.buckets.keys()];
  }

  /** The current object under a key (undefined when absent or deleted). */
  object(bucket: string, key: string): StoredS3Object | undefined {
    return this.bucket(bucket).get(key);
  }

  /**
   * Writes an object as another AWS service or principal would (Transfer Family's role writing an SFTP upload),
   * announcing it. `fakeSize` makes Content-Length report a size the body does not have.
   */
  putObject(bucket: string, key: string, body: Buffer, options: { contentType?: string; fakeSize?: number; requester?: string } = {}): StoredS3Object {
    return this.store(bucket, key, body, options.contentType ?? 'application/octet-stream', options.fakeSize, options.requester ?? 'transfer.amazonaws.com');
  }

  /** Deletes an object as another principal would, announcing it. */
  deleteObject(bucket: string, key: string, requester = 'transfer.amazonaws.com'): void {
    this.remove(bucket, key, requester);
  }

  private bucket(name: string): Map<string, StoredS3Object> {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new Error(`No bucket ${name} in the template`);
    return bucket;
  }

  private nextSequencer(): string {
    this.sequence += 1;
    return this.sequence.toString(16).toUpperCase().padStart(18, '0');
  }

  private store(bucket: string, key: string, body: Buffer, contentType: string, fakeSize: number | undefined, requester: string): StoredS3Object {
    const object: StoredS3Object = {
      key,
      body,
      size: fakeSize ?? body.length,
      contentType,
      etag: createHash('md5').update(body).digest('hex'),
      versionId: randomBytes(16).toString('base64url'),
      lastModified: new Date(),
    };
    this.bucket(bucket).set(key, object);
    this.emit({
      type: 'Object Created',
      bucket,
      key,
      size: object.size,
      etag: object.etag,
      versionId: object.versionId,
      sequencer: this.nextSequencer(),
      reason: 'PutObject',
      requester,
    });
    return object;
  }

  private remove(bucket: string, key: string, requester: string): string {
    this.bucket(bucket).delete(key);
    // A versioned bucket keeps the object and puts a delete marker on top.
    const versionId = randomBytes(16).toString('base64url');
    this.emit({ type: 'Object Deleted', bucket, key, versionId, sequencer: this.nextSequencer(), reason: 'DeleteObject', requester });
    return versionId;
  }

  private emit(change: S3Change): void {
    for (const listener of this.listeners) listener(change);
  }

  private error(res: ServerResponse, status: number, code: string, message: string, withBody = true): void {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
    res.end(
      withBody
        ? `${XML_HEADER}<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId><HostId>harness</HostId></Error>`
        : undefined,
    );
  }

  private authorize(request: AwsRequest, res: ServerResponse, action: string, resource: string, withBody: boolean): boolean {
    const decision = this.authorizer.authorize(request.accessKeyId, action, resource);
    if (!decision.allowed) this.error(res, 403, 'AccessDenied', decision.message, withBody);
    return decision.allowed;
  }

  private handle(request: AwsRequest, res: ServerResponse): void {
    const [, encodedBucket = '', ...keyParts] = request.rawPath.split('/');
    const bucketName = decodeURIComponent(encodedBucket);
    const key = decodeURIComponent(keyParts.join('/'));
    const withBody = request.method !== 'HEAD';
    const bucket = this.buckets.get(bucketName);
    if (!bucket) {
      this.error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', withBody);
      return;
    }
    const bucketArn = `arn:aws:s3:::${bucketName}`;
    const objectArn = `${bucketArn}/${key}`;
    const record = (operation: S3Call['operation'], status: number): void => {
      this.calls.push({ operation, bucket: bucketName, key, accessKeyId: request.accessKeyId, status });
    };

    if (key === '' && request.method === 'GET' && request.query.get('list-type') === '2') {
      if (!this.authorize(request, res, 's3:ListBucket', bucketArn, true)) {
        record('ListObjectsV2', 403);
        return;
      }
      record('ListObjectsV2', 200);
      this.list(bucketName, bucket, request, res);
      return;
    }
    if (key === '') {
      this.error(res, 501, 'NotImplemented', `The harness does not emulate ${request.method} on a bucket`, withBody);
      return;
    }
    switch (request.method) {
      case 'PUT': {
        if (request.headers['x-amz-copy-source']) {
          this.error(res, 501, 'NotImplemented', 'CopyObject is not emulated');
          return;
        }
        if (!this.authorize(request, res, 's3:PutObject', objectArn, true)) {
          record('PutObject', 403);
          return;
        }
        const encoded =
          String(request.headers['content-encoding'] ?? '').includes('aws-chunked') ||
          String(request.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
        const body = encoded ? decodeAwsChunked(request.body) : request.body;
        const object = this.store(bucketName, key, body, String(request.headers['content-type'] ?? 'binary/octet-stream'), undefined, request.accessKeyId);
        record('PutObject', 200);
        res.writeHead(200, { etag: `"${object.etag}"`, 'x-amz-version-id': object.versionId, 'x-amz-server-side-encryption': 'AES256' });
        res.end();
        return;
      }
      case 'GET':
      case 'HEAD': {
        const operation = request.method === 'GET' ? 'GetObject' : 'HeadObject';
        if (!this.authorize(request, res, 's3:GetObject', objectArn, withBody)) {
          record(operation, 403);
          return;
        }
        const object = bucket.get(key);
        if (!object) {
          // Without s3:ListBucket a caller cannot tell a missing key from a forbidden one: S3 answers 403.
          const mayList = this.authorizer.holds(request.accessKeyId, 's3:ListBucket', bucketArn);
          if (mayList) this.error(res, 404, 'NoSuchKey', 'The specified key does not exist.', withBody);
          else this.error(res, 403, 'AccessDenied', 'Access Denied', withBody);
          record(operation, mayList ? 404 : 403);
          return;
        }
        record(operation, 200);
        res.writeHead(200, {
          'content-type': object.contentType,
          'content-length': String(request.method === 'GET' ? object.body.length : object.size),
          etag: `"${object.etag}"`,
          'last-modified': object.lastModified.toUTCString(),
          'x-amz-version-id': object.versionId,
          'x-amz-server-side-encryption': 'AES256',
          'accept-ranges': 'bytes',
        });
        res.end(request.method === 'GET' ? object.body : undefined);
        return;
      }
      case 'DELETE': {
        if (!this.authorize(request, res, 's3:DeleteObject', objectArn, true)) {
          record('DeleteObject', 403);
          return;
        }
        const versionId = this.remove(bucketName, key, request.accessKeyId);
        record('DeleteObject', 204);
        res.writeHead(204, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': versionId });
        res.end();
        return;
      }
      default:
        this.error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', withBody);
    }
  }

  private list(name: string, bucket: Map<string, StoredS3Object>, request: AwsRequest, res: ServerResponse): void {
    const prefix = request.query.get('prefix') ?? '';
    const maxKeys = Math.min(1000, Number(request.query.get('max-keys') ?? 1000));
    const after = request.query.get('continuation-token') ?? request.query.get('start-after') ?? '';
    const keys = [...bucket.keys()].filter((key) => key.startsWith(prefix) && key > after).sort();
    const page = keys.slice(0, maxKeys);
    const truncated = keys.length > page.length;
    const contents = page
      .map((key) => {
        const object = bucket.get(key)!;
        return `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${object.lastModified.toISOString()}</LastModified><ETag>&quot;${object.etag}&quot;</ETag><Size>${object.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(
      `${XML_HEADER}<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(name)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${
        truncated ? `<NextContinuationToken>${xmlEscape(page[page.length - 1]!)}</NextContinuationToken>` : ''
      }${contents}</ListBucketResult>`,
    );
  }
}
