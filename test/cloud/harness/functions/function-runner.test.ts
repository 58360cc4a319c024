import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../../../support/temp-dir.js';
import { loadSynthesizedApp } from '../template/load-template.js';
import { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import { FunctionRunner, NODE22_BINARY } from './function-runner.js';
import { roleOfAccessKeyId } from './role-credentials.js';

/** A function that reports what it sees, keeps a counter in module scope, and can hang or throw on request. */
const HANDLER_SOURCE = `
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
let calls = 0;
export const handler = async (event, context) => {
  calls += 1;
  if (event.action === 'hang') await new Promise(() => setInterval(() => {}, 1000));
  if (event.action === 'throw') { const error = new Error('bad input'); error.name = 'ValidationError'; throw error; }
  if (event.action === 'sdk') { const { S3Client } = await import('@aws-sdk/client-s3'); return typeof S3Client; }
  console.log('handled', event.action);
  return {
    calls,
    node: process.version,
    cwd: process.cwd(),
    data: readFileSync(process.env.DATA_FILE, 'utf8'),
    env: process.env,
    heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 1024 / 1024),
    functionName: context.functionName,
  };
};
`;

function unshareWorks(): boolean {
  return spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status === 0;
}

const reason = !existsSync(NODE22_BINARY)
  ? `no Node 22 binary at ${NODE22_BINARY} (npm install)`
  : !unshareWorks()
    ? 'unshare --mount is not permitted here (the runner mounts each function at /var/task; run as root)'
    : undefined;
if (reason) console.warn(`Skipping FunctionRunner tests: ${reason}`);
const describeRunner = reason ? describe.skip : describe;

describeRunner('FunctionRunner', () => {
  let cleanup: () => Promise<void>;
  let runner: FunctionRunner;

  beforeAll(async () => {
    const temp = await makeTempDir('rag-runner-');
    cleanup = temp.cleanup;
    const assetDir = path.join(temp.dir, 'asset.abc');
    mkdirSync(path.join(assetDir, 'data'), { recursive: true });
    writeFileSync(path.join(assetDir, 'app.mjs'), HANDLER_SOURCE);
    writeFileSync(path.join(assetDir, 'data', 'note.txt'), 'bundled next to the code');
    const template = {
      Resources: {
        EchoRole: { Type: 'AWS::IAM::Role' },
        Echo: {
          Type: 'AWS::Lambda::Function',
          Metadata: { 'aws:asset:path': 'asset.abc' },
          Properties: {
            Handler: 'app.handler',
            MemorySize: 256,
            Timeout: 2,
            Role: { 'Fn::GetAtt': ['EchoRole', 'Arn'] },
            Environment: { Variables: { DATA_FILE: '/var/task/data/note.txt', WHERE: { 'Fn::Sub': '${AWS::Region}/${AWS::AccountId}' } } },
          },
        },
      },
    };
    writeFileSync(path.join(temp.dir, 'Echo.template.json'), JSON.stringify(template));
    writeFileSync(
      path.join(temp.dir, 'manifest.json'),
      JSON.stringify({ artifacts: { Echo: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Echo.template.json', stackName: 'Echo' } } } }),
    );
    const app = loadSynthesizedApp(temp.dir);
    runner = new FunctionRunner({ app, resolver: new IntrinsicResolver(app.template, { stackName: app.stackName }), endpoints: { S3: 'http://127.0.0.1:1' } });
  });

  afterAll(async () => {
    await runner.close();
    await cleanup();
  });

  test('runs the handler on Node 22 from /var/task with the template environment and memory', async () => {
    // act
    const { result, error, logs } = await runner.invoke('Echo', { action: 'report' }, { coldStart: true });
    // assess
    expect(error).toBeUndefined();
    const report = result as { node: string; cwd: string; data: string; env: Record<string, string>; heapLimitMb: number; functionName: string };
    expect(report.node).toMatch(/^v22\./);
    expect(report.cwd).toBe('/var/task');
    expect(report.data).toBe('bundled next to the code');
    expect(report.env.WHERE).toBe('us-east-1/123456789012');
    expect(report.env.AWS_ENDPOINT_URL_S3).toBe('http://127.0.0.1:1');
    expect(roleOfAccessKeyId(report.env.AWS_ACCESS_KEY_ID!)).toBe('EchoRole');
    expect(report.functionName).toMatch(/^Echo-Echo-/);
    // V8 reserves a little above the old-space limit for the young generation.
    expect(report.heapLimitMb).toBeGreaterThanOrEqual(256);
    expect(report.heapLimitMb).toBeLessThan(512);
    expect(logs).toContain('handled report');
  });

  test('keeps module scope warm between invocations and starts over on a cold start', async () => {
    // prepare
    await runner.invoke('Echo', { action: 'report' }, { coldStart: true });
    // act
    const warm = await runner.invoke('Echo', { action: 'report' });
    const cold = await runner.invoke('Echo', { action: 'report' }, { coldStart: true });
    // assess
    expect(warm.coldStart).toBe(false);
    expect((warm.result as { calls: number }).calls).toBe(2);
    expect(cold.coldStart).toBe(true);
    expect((cold.result as { calls: number }).calls).toBe(1);
  });

  test('reports a thrown error with its type and message', async () => {
    // act
    const { error, result } = await runner.invoke('Echo', { action: 'throw' });
    // assess
    expect(result).toBeUndefined();
    expect(error).toEqual({ errorType: 'ValidationError', errorMessage: 'bad input' });
  });

  test('kills a function at its timeout, and the next invocation is cold', async () => {
    // act
    const timedOut = await runner.invoke('Echo', { action: 'hang' });
    const next = await runner.invoke('Echo', { action: 'report' });
    // assess
    expect(timedOut.error?.errorType).toBe('Sandbox.Timedout');
    expect(next.coldStart).toBe(true);
  });

  test('resolves the AWS SDK the runtime provides outside the bundle', async () => {
    // act
    const { result, error } = await runner.invoke('Echo', { action: 'sdk' });
    // assess
    expect(error).toBeUndefined();
    expect(result).toBe('function');
  });
});
