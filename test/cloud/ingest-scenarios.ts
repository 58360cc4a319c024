import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { buildDocx } from '../fixtures/docx-fixtures.js';
import { buildPdf } from '../fixtures/pdf-fixtures.js';
import { apiGatewayProxyEvent } from './harness/api-gateway-proxy-event.js';
import { PostgresDatabase } from '#core/store/postgres-database.js';
import { CloudHarness } from './harness/cloud-harness.js';
import type { InvokeResult } from './harness/functions/function-runner.js';
import { HARNESS_REPO_ROOT, type SynthesizedApp, synthesizeApp } from './harness/template/load-template.js';
import { TemplateSftpDrop } from './harness/transfer/template-sftp-drop.js';

/** Where each config's cloud assembly is cached between test files and runs (rebuilt when a source changes). */
export const SYNTH_CACHE_DIR = path.join(os.tmpdir(), 'rag-cloud-harness');

/** The cloud assembly of a shipped config, synthesized once per change of the sources. */
export function synthesizeConfig(configFile: string, context: Record<string, string> = {}, cacheName?: string): Promise<SynthesizedApp> {
  const name = cacheName ?? path.basename(configFile, '.json');
  return synthesizeApp({ configFile, outDir: path.join(SYNTH_CACHE_DIR, name), context });
}

interface JobView {
  id: string;
  status: string;
  origin: string;
  documents?: Array<{ source: string; status: string; errorCode?: string; chunks: number }>;
}

interface DocumentView {
  id: string;
  source: string;
}

const GIGABYTE = 1024 ** 3;

/** The body of an API Gateway proxy answer, failing with the function's logs when it did not answer 2xx. */
export function apiBody<T>(outcome: InvokeResult, expectedStatus = 200): T {
  const result = outcome.result as { statusCode?: number; body?: string } | undefined;
  if (outcome.error || result?.statusCode !== expectedStatus) {
    throw new Error(`Expected ${expectedStatus}, got ${JSON.stringify(outcome.error ?? result)}\n${outcome.logs.slice(-4000)}`);
  }
  return (result.body ? JSON.parse(result.body) : undefined) as T;
}

/** Small real documents, each with its own words. */
async function pdfOf(words: string): Promise<Buffer> {
  return Buffer.from(await buildPdf([{ lines: [`${words} report`, '', `This document describes ${words} in plain words for the cloud scenario.`] }]));
}

/** PUTs a body to a presigned URL as a browser does, trusting the harness CA. */
function putToPresignedUrl(url: string, headers: Record<string, string>, body: Buffer, ca: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { method: 'PUT', headers: { ...headers, 'content-length': String(body.length) }, ca }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The SFTP user the scenarios add to a config, with a key pair kept beside the synthesized assemblies (a new key would change the config, and so the cached synthesis, every run). */
export const SFTP_SCENARIO_USER = 'carol';

function sftpScenarioKey(): { privateKey: string; publicKey: string } {
  const dir = path.join(SYNTH_CACHE_DIR, 'keys');
  const file = path.join(dir, `${SFTP_SCENARIO_USER}.json`);
  if (!existsSync(file)) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: `${SFTP_SCENARIO_USER}@harness` });
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify({ privateKey: pair.private, publicKey: pair.public }), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as { privateKey: string; publicKey: string };
}

/** A copy of a shipped config with the scenario's SFTP user, so the template carries an `AWS::Transfer::User`. */
function configWithSftpUser(configFile: string): string {
  const config = JSON.parse(readFileSync(path.join(HARNESS_REPO_ROOT, configFile), 'utf8')) as Record<string, unknown>;
  config.sftpUsers = [{ userName: SFTP_SCENARIO_USER, sshPublicKey: sftpScenarioKey().publicKey }];
  const dir = path.join(SYNTH_CACHE_DIR, 'configs');
  mkdirSync(dir, { recursive: true });
  const copy = path.join(dir, `${path.basename(configFile, '.json')}.sftp-user.json`);
  writeFileSync(copy, `${JSON.stringify(config, null, 2)}\n`);
  return copy;
}

/** Writes files over SFTP as a client does, each outcome kept: undefined when written, the server's message when refused. */
async function sftpPut(port: number, user: string, privateKey: string, files: Array<{ path: string; body: Buffer }>): Promise<Array<string | undefined>> {
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', reject);
    client.connect({ host: '127.0.0.1', port, username: user, privateKey });
  });
  try {
    const sftp = await new Promise<ssh2.SFTPWrapper>((resolve, reject) => client.sftp((error, session) => (error ? reject(error) : resolve(session))));
    const outcomes: Array<string | undefined> = [];
    for (const file of files) {
      outcomes.push(
        await new Promise<string | undefined>((resolve) => sftp.writeFile(file.path, file.body, (error) => resolve(error ? error.message : undefined))),
      );
    }
    return outcomes;
  } finally {
    client.end();
  }
}

/** The cloud assembly the ingest scenarios run: the shipped config, or its copy with the scenario's SFTP user. */
export function synthesizeScenarioConfig(configFile: string, options: { sftpUser?: boolean } = {}): Promise<SynthesizedApp> {
  return options.sftpUser
    ? synthesizeConfig(configWithSftpUser(configFile), {}, `${path.basename(configFile, '.json')}-sftp-user`)
    : synthesizeConfig(configFile);
}

/**
 * The ingest path of one shipped config, executed from its synthesized template: deploy (the migration custom
 * resource), SFTP-style and presigned uploads through S3 events, EventBridge, SQS and the ingest function, read back
 * through the jobs and documents functions.
 */
export interface IngestScenarioOptions {
  /** Runs once the stack is up, before any scenario (an operator's step after deploy). */
  readonly prepare?: (harness: CloudHarness) => void | Promise<void>;
  /** Synthesize the config with one SFTP user and run its Transfer user's mapped home through the local SFTP drop. */
  readonly sftpUser?: boolean;
}

export function describeIngestScenarios(configFile: string, options: IngestScenarioOptions = {}): void {
  describe(`the ${path.basename(configFile)} stack, executed`, () => {
    let harness: CloudHarness;
    let rawBucket: string;
    let ingest: string;
    let jobsFunction: string;
    let documentsFunction: string;

    // The scenarios check every job and document as an operator would: an admin (group rag-admins), who sees the SFTP
    // users' collections too; the presigned upload below is a plain user's.
    const operator = { claims: { sub: 'operator-1', 'cognito:username': 'operator', 'cognito:groups': 'rag-admins' } };
    const listJobs = async () =>
      apiBody<JobView[]>(await harness.runner.invoke(jobsFunction, apiGatewayProxyEvent('GET', '/api/jobs', { query: { limit: '200' }, ...operator })));
    const getJob = async (id: string) =>
      apiBody<JobView>(
        await harness.runner.invoke(
          jobsFunction,
          apiGatewayProxyEvent('GET', `/api/jobs/${id}`, { resource: '/api/jobs/{id}', pathParameters: { id }, ...operator }),
        ),
      );
    const listDocuments = async () =>
      apiBody<DocumentView[]>(await harness.runner.invoke(documentsFunction, apiGatewayProxyEvent('GET', '/api/documents', operator)));
    const jobFor = async (source: string) => {
      for (const summary of await listJobs()) {
        const job = await getJob(summary.id);
        const document = job.documents?.find((candidate) => candidate.source === source);
        if (document) return { job, document };
      }
      return undefined;
    };

    beforeAll(async () => {
      const app = await synthesizeScenarioConfig(configFile, options);
      harness = await CloudHarness.start({ app });
      ingest = harness.functionByService('rag-ingest');
      jobsFunction = harness.functionByService('rag-jobs-api');
      documentsFunction = harness.functionByService('rag-documents-api');
      rawBucket = harness.runner.definition(ingest).environment.RAW_BUCKET_NAME!;
      await options.prepare?.(harness);
    });

    afterAll(async () => {
      await harness?.stop();
    });

    test('deploy: the migration custom resource succeeds on Create and Update, and Delete is a no-op', async () => {
      // prepare
      const migration = harness.logicalIdOfType('Custom::RagSchemaMigration');
      // act
      const created = await harness.deployer.send(migration, 'Create');
      const updated = await harness.deployer.send(migration, 'Update', { physicalResourceId: created.response.PhysicalResourceId });
      const deleted = await harness.deployer.send(migration, 'Delete', { physicalResourceId: created.response.PhysicalResourceId });
      // assess
      expect(created.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'rag-schema' });
      expect(updated.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'rag-schema' });
      expect(deleted.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'rag-schema' });
      const tables = await harness.database.query<{ name: string | null }>("select to_regclass('public.documents')::text as name");
      expect(tables[0]?.name).toBe('documents');
      // The migration created each function's login with the password of its secret, and the master user kept its own.
      const logins = await harness.database.query<{ rolname: string }>(
        "SELECT rolname FROM pg_roles WHERE rolcanlogin AND rolname LIKE 'rag\\_%' ORDER BY rolname",
      );
      expect(logins.map((role) => role.rolname)).toEqual(['rag_admin', 'rag_api', 'rag_chat', 'rag_ingest']);
    });

    test('SFTP uploads with spaces, parentheses, accents and + in their names are indexed under their real names', async () => {
      // prepare
      const pdf = await pdfOf('lighthouse maintenance');
      const docx = await buildDocx([
        { heading: 1, text: 'Résumé notes' },
        { paragraph: 'Curriculum notes about glacier research and field work in Patagonia.' },
      ]);
      // act
      harness.s3.putObject(rawBucket, 'alice/my file (1).pdf', pdf, { contentType: 'application/pdf' });
      harness.s3.putObject(rawBucket, 'alice/résumé+notes.docx', docx, {
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      });
      await harness.mappingOf(ingest).drained();
      // assess
      const sources = (await listDocuments()).map((document) => document.source);
      expect(sources).toEqual(expect.arrayContaining(['alice/my file (1).pdf', 'alice/résumé+notes.docx']));
      for (const source of ['alice/my file (1).pdf', 'alice/résumé+notes.docx']) {
        const found = await jobFor(source);
        expect(found?.document.status).toBe('indexed');
        expect(found?.job.status).toBe('succeeded');
      }
    });

    if (options.sftpUser) {
      test('the Transfer user puts into its mapped home and the object lands under the mapped S3 prefix; a path outside is refused', async () => {
        // prepare
        const workDir = mkdtempSync(path.join(os.tmpdir(), 'rag-cloud-sftp-'));
        const drop = await TemplateSftpDrop.start({ resolver: harness.resolver, authorizer: harness.authorizer, s3: harness.s3, workDir });
        const user = drop.users.find((candidate) => candidate.userName === SFTP_SCENARIO_USER);
        const mappedPrefix = user?.mappings.find((mapping) => mapping.entry === '/')?.target;
        try {
          // act
          const outcomes = await sftpPut(drop.port, SFTP_SCENARIO_USER, sftpScenarioKey().privateKey, [
            { path: '/glacier survey.pdf', body: await pdfOf('glacier survey') },
            { path: '/../escape.pdf', body: await pdfOf('escape attempt') },
            { path: '/../../other-user/escape.pdf', body: await pdfOf('escape attempt') },
          ]);
          await drop.settled();
          await harness.mappingOf(ingest).drained();
          // assess: the template maps the home to the user's prefix of the raw bucket, and the object is there
          expect(mappedPrefix).toBe(`/${rawBucket}/${SFTP_SCENARIO_USER}`);
          expect(outcomes[0]).toBeUndefined();
          expect(harness.s3.object(rawBucket, `${SFTP_SCENARIO_USER}/glacier survey.pdf`)).toBeDefined();
          expect(drop.outcomes).toEqual([
            {
              user: SFTP_SCENARIO_USER,
              virtualPath: '/glacier survey.pdf',
              bucket: rawBucket,
              key: `${SFTP_SCENARIO_USER}/glacier survey.pdf`,
              refusal: '',
            },
          ]);
          expect((await jobFor(`${SFTP_SCENARIO_USER}/glacier survey.pdf`))?.document.status).toBe('indexed');
          // assess: paths climbing out of the home are refused by the server, and nothing reaches S3
          expect(outcomes.slice(1)).toEqual([expect.stringMatching(/permission denied|outside/i), expect.stringMatching(/permission denied|outside/i)]);
          const escaped = harness.s3.bucketNames().flatMap((bucket) => ['escape.pdf', 'other-user/escape.pdf'].filter((key) => harness.s3.object(bucket, key)));
          expect(escaped).toEqual([]);
          expect(drop.outcomes.filter((outcome) => outcome.virtualPath.includes('escape'))).toEqual([]);
        } finally {
          await drop.close();
          rmSync(workDir, { recursive: true, force: true });
        }
      });
    }

    test('a directory marker and a .filepart upload cost no embedding and create no job', async () => {
      // prepare
      const embeddingsBefore = harness.embeddingCalls();
      const jobsBefore = (await listJobs()).length;
      // act
      harness.s3.putObject(rawBucket, 'alice/dir/', Buffer.alloc(0));
      harness.s3.putObject(rawBucket, 'alice/big report.pdf.filepart', await pdfOf('partial upload'), { contentType: 'application/octet-stream' });
      await harness.mappingOf(ingest).drained();
      // assess
      expect(harness.embeddingCalls()).toBe(embeddingsBefore);
      expect((await listJobs()).length).toBe(jobsBefore);
      expect(harness.s3.calls.filter((call) => call.operation === 'GetObject' && /dir\/$|\.filepart$/.test(call.key))).toEqual([]);
    });

    test('a 3 GB object is refused before download while its batch-mates are indexed', async () => {
      // prepare
      const small = await pdfOf('tide tables');
      const other = await pdfOf('harbour pilots');
      // act: three puts inside one batching window, so they share one batch.
      harness.s3.putObject(rawBucket, 'bob/huge scan.pdf', Buffer.from('%PDF-1.7 not really three gigabytes'), {
        contentType: 'application/pdf',
        fakeSize: 3 * GIGABYTE,
      });
      harness.s3.putObject(rawBucket, 'bob/tides.pdf', small, { contentType: 'application/pdf' });
      harness.s3.putObject(rawBucket, 'bob/pilots.pdf', other, { contentType: 'application/pdf' });
      await harness.mappingOf(ingest).drained();
      // assess
      expect(harness.s3.calls.filter((call) => call.operation === 'GetObject' && call.key === 'bob/huge scan.pdf')).toEqual([]);
      expect((await jobFor('bob/huge scan.pdf'))?.document).toMatchObject({ status: 'failed', errorCode: 'too_large' });
      expect((await jobFor('bob/tides.pdf'))?.document.status).toBe('indexed');
      expect((await jobFor('bob/pilots.pdf'))?.document.status).toBe('indexed');
      const deadLetters = [...harness.queues.values()].filter((queue) => queue.arn.includes('DeadLetter')).reduce((sum, queue) => sum + queue.depth, 0);
      expect(deadLetters).toBe(0);
    });

    test('a presigned upload is refused by S3 when larger than signed, then indexed, listed and deleted through the documents function', async () => {
      // prepare
      const body = await pdfOf('avalanche safety');
      const created = apiBody<{ jobId: string; uploads: Array<{ source: string; url: string; headers: Record<string, string> }> }>(
        await harness.runner.invoke(
          documentsFunction,
          apiGatewayProxyEvent('POST', '/api/documents', {
            body: { files: [{ name: 'avalanche safety.pdf', contentType: 'application/pdf', size: body.length }] },
          }),
        ),
        202,
      );
      const upload = created.uploads[0]!;
      // act: a body larger than the size the URL was asked for, then the body itself
      const oversized = await putToPresignedUrl(upload.url, upload.headers, Buffer.concat([body, Buffer.alloc(64 * 1024, 0x20)]), harness.tls.ca);
      const storedAfterOversized = harness.s3.object(rawBucket, upload.source);
      const put = await putToPresignedUrl(upload.url, upload.headers, body, harness.tls.ca);
      await harness.mappingOf(ingest).drained();
      const job = await getJob(created.jobId);
      const listed = (await listDocuments()).find((document) => document.source === upload.source);
      const deleted = listed
        ? await harness.runner.invoke(
            documentsFunction,
            apiGatewayProxyEvent('DELETE', `/api/documents/${listed.id}`, { resource: '/api/documents/{id}', pathParameters: { id: listed.id } }),
          )
        : undefined;
      await harness.mappingOf(ingest).drained();
      // assess: S3 refuses a body of another size than the signed Content-Length, before storing anything
      expect({ status: oversized.status, code: /<Code>(\w+)<\/Code>/.exec(oversized.text)?.[1] }).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
      expect(storedAfterOversized).toBeUndefined();
      expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-length');
      expect(put.status).toBe(200);
      expect(job.status).toBe('succeeded');
      expect(listed).toBeDefined();
      expect((deleted?.result as { statusCode?: number } | undefined)?.statusCode).toBe(204);
      expect((await listDocuments()).map((document) => document.source)).not.toContain(upload.source);
      expect(harness.s3.object(rawBucket, upload.source)).toBeUndefined();
    });

    test('database users: each function logs in as its own role; a wrong password is refused and the chat role may not delete documents', async () => {
      // prepare
      const chatEnvironment = harness.runner.definition(harness.functionByService('rag-chat-answer')).environment;
      const chatLogin = JSON.parse(harness.secrets.secretValue(chatEnvironment.RAG_DB_SECRET_ARN!)!) as { username: string; password: string };
      const connect = (password: string) =>
        PostgresDatabase.connect({
          host: harness.database.host,
          port: harness.database.port,
          database: 'rag',
          username: chatLogin.username,
          password,
          ssl: { verify: true, ca: harness.tls.ca },
          max: 1,
          connectTimeoutSeconds: 5,
        });
      const failuresBefore = harness.database.authenticationFailures;
      // act
      const wrongPassword = await connect(`${chatLogin.password}-wrong`).then(
        () => 'connected',
        (error: Error) => error.message,
      );
      const chat = await connect(chatLogin.password);
      const readable = await chat.query<{ n: number }>('SELECT count(*)::int AS n FROM documents');
      const deleteAttempt = await chat.query('DELETE FROM documents').then(
        () => 'deleted',
        (error: Error) => error.message,
      );
      await chat.close();
      const documentsLeft = await harness.database.query<{ n: number }>('SELECT count(*)::int AS n FROM documents');
      // assess
      expect(chatLogin.username).toBe('rag_chat');
      expect(wrongPassword).toMatch(/password authentication failed for user "rag_chat"/);
      expect(harness.database.authenticationFailures).toBe(failuresBefore + 1);
      expect(readable[0]!.n).toBe(documentsLeft[0]!.n);
      expect(documentsLeft[0]!.n).toBeGreaterThan(0);
      expect(deleteAttempt).toMatch(/permission denied for table documents/);
      // The scenarios above ran the migration as the master user and ingest and the APIs as their own logins (rag_chat is
      // this test's connection; the chat scenarios run the chat steps as it).
      expect(new Set(harness.database.logins)).toEqual(new Set(['rag_admin', 'rag_ingest', 'rag_api', 'rag_chat']));
    });

    test('no call of the scenarios was denied, and every database connection used TLS', () => {
      // assess
      expect(harness.authorizer.decisions.filter((decision) => !decision.allowed).map((decision) => decision.message)).toEqual([]);
      expect(harness.database.insecure).toBe(0);
    });
  });
}
