import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { roleCredentialsSecret } from '../functions/role-credentials.js';
import type { HarnessTls } from './harness-tls.js';

/** A request an emulator received, with its SigV4 credential checked. */
export interface AwsRequest {
  readonly method: string;
  /** Path as sent, still URL-encoded, without the query. */
  readonly rawPath: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The access key id of the SigV4 signature (header or presigned query). */
  readonly accessKeyId: string;
  readonly presigned: boolean;
}

export type SignatureCheck = { ok: true; accessKeyId: string; presigned: boolean } | { ok: false; code: string; message: string };

/** RFC 3986 encoding, as SigV4 canonical requests use it. */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Checks an AWS Signature Version 4 (Authorization header or presigned query) the way AWS does: the canonical
 * request is rebuilt from what arrived, signed with the key's secret, and compared; a presigned URL also expires.
 */
export function checkSigV4(
  request: { method: string; rawPath: string; rawQuery: string; headers: IncomingHttpHeaders; body: Buffer },
  service: string,
  secretFor: (accessKeyId: string) => string | undefined,
  now = new Date(),
): SignatureCheck {
  const query = new URLSearchParams(request.rawQuery);
  const authorization = headerValue(request.headers, 'authorization');
  let credential: string;
  let signedHeaders: string[];
  let signature: string;
  let amzDate: string;
  const presigned = !authorization && query.has('X-Amz-Signature');
  if (authorization) {
    const match = /^AWS4-HMAC-SHA256 Credential=([^,]+),\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]+)$/.exec(authorization);
    if (!match) return { ok: false, code: 'IncompleteSignature', message: 'The request signature is malformed.' };
    [, credential, , signature] = match as unknown as [string, string, string, string];
    signedHeaders = match[2]!.split(';');
    amzDate = headerValue(request.headers, 'x-amz-date') ?? '';
  } else if (presigned) {
    credential = query.get('X-Amz-Credential') ?? '';
    signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';');
    signature = query.get('X-Amz-Signature') ?? '';
    amzDate = query.get('X-Amz-Date') ?? '';
    const expires = Number(query.get('X-Amz-Expires') ?? 0);
    const signedAt = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    if (!(signedAt + expires * 1000 >= now.getTime())) return { ok: false, code: 'AccessDenied', message: 'Request has expired' };
  } else {
    return { ok: false, code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' };
  }
  const [accessKeyId, date, region, scopeService, terminator] = credential.split('/');
  if (!accessKeyId || scopeService !== service || terminator !== 'aws4_request') {
    return { ok: false, code: 'SignatureDoesNotMatch', message: `Credential should be scoped to a valid service: ${service}` };
  }
  const secret = secretFor(accessKeyId);
  if (!secret) return { ok: false, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  // S3 signs the path as sent; every other service signs it encoded once more.
  const canonicalPath = service === 's3' ? request.rawPath : request.rawPath.split('/').map(escapeUri).join('/');
  const canonicalQuery = [...query.entries()]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [escapeUri(key), escapeUri(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const payloadHash = presigned ? 'UNSIGNED-PAYLOAD' : (headerValue(request.headers, 'x-amz-content-sha256') ?? sha256Hex(request.body));
  const canonicalRequest = [request.method, canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date!), region!), service), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  if (expected !== signature) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  }
  return { ok: true, accessKeyId, presigned };
}

export interface AwsServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export type AwsHandler = (request: AwsRequest, res: ServerResponse) => Promise<void> | void;
export type SignatureErrorWriter = (res: ServerResponse, code: string, message: string) => void;

/** Reads a request body, up to a limit (emulated uploads are small; size limits are faked by the store). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An HTTPS server on 127.0.0.1 that checks each request's SigV4 signature before its handler sees it. */
export async function startAwsServer(tls: HarnessTls, service: string, handler: AwsHandler, onSignatureError: SignatureErrorWriter): Promise<AwsServer> {
  const server = createServer({ key: tls.key, cert: tls.cert }, async (req, res) => {
    try {
      const body = await readBody(req);
      const url = req.url ?? '/';
      const queryStart = url.indexOf('?');
      const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
      const rawQuery = queryStart < 0 ? '' : url.slice(queryStart + 1);
      const check = checkSigV4({ method: req.method ?? 'GET', rawPath, rawQuery, headers: req.headers, body }, service, roleCredentialsSecret);
      if (!check.ok) {
        onSignatureError(res, check.code, check.message);
        return;
      }
      await handler(
        {
          method: req.method ?? 'GET',
          rawPath,
          query: new URLSearchParams(rawQuery),
          headers: req.headers,
          body,
          accessKeyId: check.accessKeyId,
          presigned: check.presigned,
        },
        res,
      );
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`harness emulator error: ${(error as Error).stack}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
