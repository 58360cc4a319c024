import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HARNESS_REPO_ROOT, type SynthesizedApp } from '../template/load-template.js';
import type { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import { credentialsForRole } from './role-credentials.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The Node 22 binary of the `node` devDependency: the runtime the functions are deployed on (nodejs22.x). */
export const NODE22_BINARY = path.join(HARNESS_REPO_ROOT, 'node_modules', 'node', 'bin', 'node');

/** Where Lambda mounts the function code; the template's environment may name paths inside it. */
export const LAMBDA_TASK_ROOT = '/var/task';

/** Lambda's default when the template sets none. */
const DEFAULT_MEMORY_MB = 128;
const DEFAULT_TIMEOUT_S = 3;

export interface FunctionRunnerOptions {
  readonly app: SynthesizedApp;
  readonly resolver: IntrinsicResolver;
  /** Emulator endpoints by service, each set as `AWS_ENDPOINT_URL_<SERVICE>` (e.g. `{ S3: 'http://127.0.0.1:4566' }`). */
  readonly endpoints?: Record<string, string>;
  /**
   * Endpoints of providers outside AWS, by the variable the product already reads for them (`OPENAI_BASE_URL`),
   * pointing at local servers that speak their API.
   */
  readonly providerEndpoints?: Record<string, string>;
  /** PEM file of the harness certificate authority, set as NODE_EXTRA_CA_CERTS. */
  readonly extraCaCertsFile?: string;
  /** @default NODE22_BINARY */
  readonly nodeBinary?: string;
}

export interface InvokeOptions {
  /** Extra context fields (clientContext, identity). */
  readonly context?: { clientContext?: unknown; identity?: unknown };
  /** Start a fresh process instead of reusing a warm one. */
  readonly coldStart?: boolean;
}

export interface InvokeResult {
  readonly result?: unknown;
  readonly error?: { errorType: string; errorMessage: string };
  readonly durationMs: number;
  /** What the function wrote to stdout and stderr during this invocation (its CloudWatch log lines). */
  readonly logs: string;
  /** Whether this invocation paid the init (a new process). */
  readonly coldStart: boolean;
}

interface FunctionDefinition {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly handler: string;
  readonly memoryMb: number;
  readonly timeoutS: number;
  readonly assetDir: string;
  readonly environment: Record<string, string>;
}

type RuntimeMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: { errorType: string; errorMessage: string } }
  | { type: 'crash'; error: { errorType: string; errorMessage: string } }
  | { type: 'result'; id: string; result: unknown }
  | { type: 'error'; id: string; error: { errorType: string; errorMessage: string } };

/** One execution environment: a process that keeps its module scope between invocations. */
class Sandbox {
  busy = false;
  private logs = '';
  private readonly ready: Promise<void>;
  private exited = false;
  /** Killed by the harness (timeout, crash, cold start): never reused, even before its exit is seen. */
  private discarded = false;
  private onMessage?: (message: RuntimeMessage) => void;
  private onExit?: (code: number | null) => void;

  constructor(
    private readonly child: ChildProcess,
    readonly definition: FunctionDefinition,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.logs += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.logs += chunk.toString();
    });
    child.on('message', (message: RuntimeMessage) => this.onMessage?.(message));
    child.on('exit', (code) => {
      this.exited = true;
      this.onExit?.(code);
    });
    this.ready = new Promise((resolve, reject) => {
      this.onMessage = (message) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'init-error') reject(Object.assign(new Error(message.error.errorMessage), { errorType: message.error.errorType }));
      };
      this.onExit = (code) =>
        reject(Object.assign(new Error(`Runtime exited during init with code ${code}:\n${this.logs}`), { errorType: 'Runtime.ExitError' }));
    });
    // The invocation reports init failures; nobody may be awaiting `ready` yet.
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return !this.exited && !this.discarded;
  }

  async invoke(event: unknown, options: InvokeOptions, coldStart: boolean): Promise<InvokeResult> {
    const started = Date.now();
    this.logs = '';
    try {
      await this.ready;
    } catch (error) {
      const errorType = (error as { errorType?: string }).errorType ?? 'Runtime.Unknown';
      return { error: { errorType, errorMessage: (error as Error).message }, durationMs: Date.now() - started, logs: this.logs, coldStart };
    }
    const id = randomUUID();
    const invokeStarted = Date.now();
    const timeoutMs = this.definition.timeoutS * 1000;
    const outcome = await new Promise<Pick<InvokeResult, 'result' | 'error'>>((resolve) => {
      const timer = setTimeout(() => {
        // Lambda freezes and discards an environment that timed out; the next invocation is a cold start.
        this.kill();
        resolve({ error: { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${this.definition.timeoutS.toFixed(2)} seconds` } });
      }, timeoutMs);
      this.onMessage = (message) => {
        if ((message.type === 'result' || message.type === 'error') && message.id !== id) return;
        clearTimeout(timer);
        if (message.type === 'result') resolve({ result: message.result });
        else if (message.type === 'error' || message.type === 'crash') {
          if (message.type === 'crash') this.kill();
          resolve({ error: { errorType: message.error.errorType, errorMessage: message.error.errorMessage } });
        }
      };
      this.onExit = (code) => {
        clearTimeout(timer);
        resolve({ error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${id} Error: Runtime exited with error: exit status ${code}` } });
      };
      this.child.send({
        type: 'invoke',
        id,
        event,
        requestId: id,
        deadlineMs: invokeStarted + timeoutMs,
        invokedFunctionArn: this.definition.arn,
        traceId: `Root=1-${Math.floor(invokeStarted / 1000).toString(16)}-${id.replaceAll('-', '').slice(0, 24)};Parent=${id.replaceAll('-', '').slice(0, 16)};Sampled=0`,
        clientContext: options.context?.clientContext,
        identity: options.context?.identity,
      });
    });
    // Output written just before the answer may still be in the pipe.
    await new Promise((resolve) => setImmediate(resolve));
    return { ...outcome, durationMs: Date.now() - invokeStarted, logs: this.logs, coldStart };
  }

  kill(): void {
    this.discarded = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

/**
 * Runs the template's functions from their built assets in cdk.out, as Lambda runs them: the code mounted at
 * /var/task (a private mount namespace per process), exactly the template's environment (intrinsics resolved)
 * plus what Lambda itself sets, its handler, its memory as the V8 heap limit, its timeout (the process is killed
 * at the deadline), on Node 22. An environment stays warm between invocations; concurrent invocations get more
 * environments, as Lambda scales out.
 */
export class FunctionRunner {
  private readonly sandboxes = new Map<string, Sandbox[]>();
  private readonly definitions = new Map<string, FunctionDefinition>();

  constructor(private readonly options: FunctionRunnerOptions) {}

  /** The resolved definition of a function of the template. */
  definition(logicalId: string): FunctionDefinition {
    const known = this.definitions.get(logicalId);
    if (known) return known;
    const { resolver, app } = this.options;
    const resource = resolver.resource(logicalId);
    if (resource.Type !== 'AWS::Lambda::Function') throw new Error(`${logicalId} is a ${resource.Type}, not a function`);
    const properties = resource.Properties ?? {};
    const variables = (resolver.resolve((properties.Environment as { Variables?: unknown } | undefined)?.Variables) ?? {}) as Record<string, unknown>;
    const definition: FunctionDefinition = {
      logicalId,
      name: String(resolver.ref(logicalId)),
      arn: String(resolver.getAtt(logicalId, 'Arn')),
      handler: resolver.resolveString(properties.Handler),
      memoryMb: Number(resolver.resolve(properties.MemorySize) ?? DEFAULT_MEMORY_MB),
      timeoutS: Number(resolver.resolve(properties.Timeout) ?? DEFAULT_TIMEOUT_S),
      assetDir: app.assetDir(logicalId),
      environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])),
    };
    this.definitions.set(logicalId, definition);
    return definition;
  }

  /** The logical id of the function with this physical name or ARN (how other services name it). */
  logicalIdOf(nameOrArn: string): string | undefined {
    const name = nameOrArn.startsWith('arn:') ? nameOrArn.split(':')[6] : nameOrArn;
    return Object.entries(this.options.app.template.Resources).find(
      ([logicalId, resource]) => resource.Type === 'AWS::Lambda::Function' && this.options.resolver.ref(logicalId) === name,
    )?.[0];
  }

  /** The role logical id a function runs as. */
  roleOf(logicalId: string): string {
    const role = this.options.resolver.resource(logicalId).Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
    const roleId = role?.['Fn::GetAtt']?.[0];
    if (!roleId) throw new Error(`Function ${logicalId} has no role from this template`);
    return roleId;
  }

  /** The whole environment a process of this function starts with. */
  processEnvironment(logicalId: string): Record<string, string> {
    const definition = this.definition(logicalId);
    const { resolver } = this.options;
    const credentials = credentialsForRole(this.roleOf(logicalId));
    const loggingConfig = resolver.resolve(resolver.resource(logicalId).Properties?.LoggingConfig) as { LogGroup?: string } | undefined;
    const logGroup = loggingConfig?.LogGroup ?? `/aws/lambda/${definition.name}`;
    const endpoints = Object.fromEntries(
      Object.entries(this.options.endpoints ?? {}).map(([service, url]) => [`AWS_ENDPOINT_URL_${service.toUpperCase()}`, url]),
    );
    return {
      // What Lambda itself sets for every nodejs22.x function.
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      _HANDLER: definition.handler,
      LAMBDA_TASK_ROOT,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: definition.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memoryMb),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: logGroup,
      AWS_LAMBDA_LOG_STREAM_NAME: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      // The runtime's own modules (the AWS SDK v3): the repository's node_modules stands in for them.
      NODE_PATH: path.join(HARNESS_REPO_ROOT, 'node_modules'),
      AWS_REGION: resolver.region,
      AWS_DEFAULT_REGION: resolver.region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      ...endpoints,
      ...this.options.providerEndpoints,
      ...(this.options.extraCaCertsFile ? { NODE_EXTRA_CA_CERTS: this.options.extraCaCertsFile } : {}),
      // The template's variables last: they are the function's configuration.
      ...definition.environment,
    };
  }

  /** Invokes a function of the template with an event, in a warm environment when one is idle. */
  async invoke(logicalId: string, event: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    const pool = this.sandboxes.get(logicalId) ?? [];
    this.sandboxes.set(logicalId, pool);
    if (options.coldStart) {
      for (const sandbox of pool.filter((candidate) => !candidate.busy)) sandbox.kill();
    }
    const alive = pool.filter((sandbox) => sandbox.alive);
    pool.splice(0, pool.length, ...alive);
    let sandbox = options.coldStart ? undefined : pool.find((candidate) => !candidate.busy);
    const coldStart = sandbox === undefined;
    if (!sandbox) {
      sandbox = this.start(logicalId);
      pool.push(sandbox);
    }
    sandbox.busy = true;
    try {
      return await sandbox.invoke(event, options, coldStart);
    } finally {
      sandbox.busy = false;
    }
  }

  /** Ends every environment. */
  async close(): Promise<void> {
    for (const pool of this.sandboxes.values()) for (const sandbox of pool) sandbox.kill();
    this.sandboxes.clear();
  }

  private start(logicalId: string): Sandbox {
    const definition = this.definition(logicalId);
    const nodeBinary = this.options.nodeBinary ?? NODE22_BINARY;
    if (!existsSync(nodeBinary)) throw new Error(`No Node 22 binary at ${nodeBinary}: run npm install (the "node" devDependency ships it)`);
    mkdirSync(LAMBDA_TASK_ROOT, { recursive: true });
    const nodeArgs = [
      `--max-old-space-size=${definition.memoryMb}`,
      '--import',
      path.join(HERE, 'runtime-modules-hook.mjs'),
      path.join(HERE, 'lambda-bootstrap.mjs'),
    ];
    // A private mount namespace per environment, so each sees its own code at /var/task.
    const child = spawn(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        '--',
        '/bin/sh',
        '-c',
        'mount --bind "$0" /var/task && cd /var/task && exec "$@"',
        definition.assetDir,
        nodeBinary,
        ...nodeArgs,
      ],
      { env: this.processEnvironment(logicalId), stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    return new Sandbox(child, definition);
  }
}
