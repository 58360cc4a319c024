import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_MAIN_FIELDS, BUNDLE_TARGET, ESM_REQUIRE_BANNER, EXTERNAL_MODULES, LAMBDA_ENTRY_FILES } from '../../../lib/constructs/rag-function.js';
import { FUNCTIONS_DIR, REPO_ROOT } from '../../../lib/project-paths.js';

// A directory shaped like /var/task: the bundle, and beside it only what the nodejs22.x
// runtime provides (the AWS SDK v3). The local-only modules (embedded database) are absent,
// so a bundle that still imports them fails here exactly as it would at a Lambda cold start.
let taskDir: string;

beforeAll(() => {
  taskDir = mkdtempSync(path.join(tmpdir(), 'rag-lambda-task-'));
  mkdirSync(path.join(taskDir, 'node_modules'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules', '@aws-sdk'), path.join(taskDir, 'node_modules', '@aws-sdk'), 'dir');
});

afterAll(() => {
  rmSync(taskDir, { recursive: true, force: true });
});

const LAMBDA_LIKE_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  RAG_DB_HOST: 'proxy.example.internal',
  RAG_DB_PORT: '5432',
  RAG_DB_NAME: 'rag',
  RAG_DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db',
  RAG_DB_SSL: 'require',
  RAW_BUCKET_NAME: 'raw-bucket',
  EMBEDDINGS_PROVIDER: 'bedrock',
  CHAT_PROVIDER: 'bedrock',
  BEDROCK_EMBEDDING_MODEL_ID: 'amazon.titan-embed-text-v2:0',
  BEDROCK_CHAT_MODEL_ID: 'us.amazon.nova-lite-v1:0',
  EMBEDDING_DIMENSIONS: '1024',
  POWERTOOLS_SERVICE_NAME: 'rag-test',
  POWERTOOLS_METRICS_NAMESPACE: 'RagDocbot',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  RAG_MIGRATIONS_DIR: path.join(REPO_ROOT, 'layers', 'core', 'store', 'migrations'),
};

const IMPORT_PROBE = `
const url = process.argv[1];
try {
  const module = await import(url);
  console.log(JSON.stringify({ handler: typeof module.handler }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code ?? null, message: String(error.message).split('\\n')[0] }));
}
`;

describe.each(Object.entries(LAMBDA_ENTRY_FILES))('the %s bundle (functions/%s)', (name, entryFile) => {
  test('builds with the deployment settings and loads with only the Lambda runtime beside it', async () => {
    const outfile = path.join(taskDir, `${name}.mjs`);
    await build({
      entryPoints: [path.join(FUNCTIONS_DIR, entryFile)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: BUNDLE_TARGET,
      mainFields: BUNDLE_MAIN_FIELDS,
      banner: { js: ESM_REQUIRE_BANNER },
      external: EXTERNAL_MODULES,
      minify: true,
      logLevel: 'silent',
    });

    const output = execFileSync(process.execPath, ['--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(outfile).href], {
      cwd: taskDir,
      env: LAMBDA_LIKE_ENV,
      encoding: 'utf8',
      timeout: 30_000,
    });

    expect(JSON.parse(output.trim().split('\n').pop()!)).toEqual({ handler: 'function' });
  });
});
