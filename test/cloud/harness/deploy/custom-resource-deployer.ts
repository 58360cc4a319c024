import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { HarnessTls } from '../emulators/harness-tls.js';
import type { FunctionRunner, InvokeResult } from '../functions/function-runner.js';
import type { IntrinsicResolver } from '../template/resolve-intrinsics.js';

export type RequestType = 'Create' | 'Update' | 'Delete';

/** What the custom resource answered through its response URL. */
export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, unknown>;
  readonly NoEcho?: boolean;
}

export interface CustomResourceRun {
  readonly response: CustomResourceResponse;
  /** The invocation of the ServiceToken function. */
  readonly invocation: InvokeResult;
}

/**
 * CloudFormation's side of a custom resource: it invokes the function the ServiceToken names (here the provider
 * framework's onEvent function) with a Create, Update or Delete request, and waits for the response the function
 * PUTs to the request's pre-signed S3 URL, which points at a local HTTPS server.
 */
export class CustomResourceDeployer {
  private server?: Server;
  private readonly waiting = new Map<string, (response: CustomResourceResponse) => void>();

  constructor(
    private readonly resolver: IntrinsicResolver,
    private readonly runner: FunctionRunner,
  ) {}

  private host = '127.0.0.1';

  /**
   * Listens on port 443 of a loopback address of the harness: the provider framework PUTs to the response URL's
   * host without its port, as a real pre-signed S3 URL has none.
   */
  async start(tls: HarnessTls, host: string): Promise<void> {
    this.host = host;
    this.server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const requestId =
          decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname.split('%7C').pop() ?? '')
            .split('|')
            .pop() ?? '';
        const resolve = this.waiting.get(requestId);
        if (req.method !== 'PUT' || !resolve) {
          res.writeHead(403, { 'content-type': 'application/xml' });
          res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
          return;
        }
        res.writeHead(200, { etag: '"harness"' });
        res.end();
        resolve(JSON.parse(Buffer.concat(chunks).toString()) as CustomResourceResponse);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(443, host, resolve));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * Sends one lifecycle request for a custom resource of the template. `properties` replaces the resolved
   * ResourceProperties (an Update with a new checksum); `oldProperties` are the previous ones for an Update or a
   * rollback.
   */
  async send(
    logicalId: string,
    requestType: RequestType,
    options: { physicalResourceId?: string; properties?: Record<string, unknown>; oldProperties?: Record<string, unknown> } = {},
  ): Promise<CustomResourceRun> {
    const resource = this.resolver.resource(logicalId);
    const properties = options.properties ?? (this.resolver.resolve(resource.Properties) as Record<string, unknown>);
    const serviceToken = String(properties.ServiceToken);
    const functionLogicalId = this.runner.logicalIdOf(serviceToken);
    if (!functionLogicalId) throw new Error(`The service token ${serviceToken} names no function of the template`);
    const requestId = randomUUID();
    const stackId = this.resolver.stackId;
    const responseUrl = `https://${this.host}/cloudformation-custom-resource-response-useast1/${encodeURIComponent(`${stackId}|${logicalId}|${requestId}`)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=7200&X-Amz-Credential=AKIAHARNESS%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=${'0'.repeat(64)}`;
    const event = {
      RequestType: requestType,
      ServiceToken: serviceToken,
      ResponseURL: responseUrl,
      StackId: stackId,
      RequestId: requestId,
      LogicalResourceId: logicalId,
      ResourceType: resource.Type,
      ResourceProperties: properties,
      ...(requestType === 'Create' ? {} : { PhysicalResourceId: options.physicalResourceId ?? logicalId }),
      ...(requestType === 'Update' ? { OldResourceProperties: options.oldProperties ?? properties } : {}),
    };
    const answered = new Promise<CustomResourceResponse>((resolve) => this.waiting.set(requestId, resolve));
    const invocation = await this.runner.invoke(functionLogicalId, event);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`No response for ${requestType} ${logicalId}: ${JSON.stringify(invocation.error)}\n${invocation.logs}`)),
        invocation.error ? 1000 : 30_000,
      );
    });
    try {
      return { response: await Promise.race([answered, timeout]), invocation };
    } finally {
      clearTimeout(timer);
      this.waiting.delete(requestId);
    }
  }
}
