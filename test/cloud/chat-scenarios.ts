import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpsRequest } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { TemplateApi } from './harness/api-gateway/template-api.js';
import { CloudHarness } from './harness/cloud-harness.js';
import { synthesizeApp } from './harness/template/load-template.js';
import { buildTypedAndScannedPdf, SCANNED_FACT, SCANNED_QUESTION } from './scanned-pdf.js';
import { missingChromium } from '../support/rendered-text.js';

/** How long the database refuses connections before a cold chat request: a paused Aurora resuming. */
export const DATABASE_RESUME_MS = 20_000;

const DOCUMENT_KEY = 'api-uploads/travel-policy.md';
const DOCUMENT = [
  '# Travel policy',
  '',
  '## Flights',
  '',
  'Employees book economy class for flights under six hours. Business class is allowed for flights longer than six hours.',
  '',
  '## Hotels',
  '',
  'The nightly hotel limit is 180 euros in Madrid and 220 dollars in New York.',
].join('\n');
const SCANNED_KEY = 'api-uploads/island transport.pdf';

/** PUTs a body to a presigned URL as a browser does, trusting the harness CA. */
function putTrusted(url: string, headers: Record<string, string>, body: Buffer, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { method: 'PUT', headers: { ...headers, 'content-length': String(body.length) }, ca }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
}

export interface ChatScenarioOptions {
  /** The shipped config file, relative to the repository root. */
  configFile: string;
  /** The config file to synthesize, when the scenario needs a copy of the shipped one (e.g. pointed at a local model server). @default configFile */
  synthesizedConfigFile?: () => string;
  /** Emulators beyond the core harness's (e.g. an OpenAI-compatible server), started before the harness. */
  extras?: () => Promise<{ close: () => Promise<void> }>;
  /** Run the two-user collection isolation scenario (once across the configs: it is the same template code). @default false */
  accessScenario?: boolean;
  /**
   * Also ingest a PDF with a scanned page, read by Amazon Textract (the template's `ingest.ocr`), and ask about it.
   * Skipped, with the reason printed, where Chromium (which renders the scanned page) is not installed. @default false
   */
  scannedPage?: boolean;
}

interface ChatResponseBody {
  answer?: string;
  answerMode?: string;
  intent?: string;
  citations?: { n: number; source: string; title?: string; page?: number; excerpt?: string }[];
  usage?: { embeddingTokens: number; llmInputTokens: number; llmOutputTokens: number };
  error?: { code: string; message: string };
  conversationId?: string;
}

/**
 * The chat path of one shipped config, executed from its synthesized template: API Gateway
 * (Cognito authorizer, request validator, VTL to StartSyncExecution) → the EXPRESS workflow
 * → improve, retrieve and answer run from their cdk.out bundles, against a document the
 * ingest function indexed from the raw bucket.
 */
export function describeChatPath(options: ChatScenarioOptions): void {
  const name = path.basename(options.configFile, '.json');

  describe(`chat path of ${options.configFile}`, () => {
    let harness: CloudHarness;
    let api: TemplateApi;
    let closeExtras: (() => Promise<void>) | undefined;
    const scannedPage = options.scannedPage === true && !missingChromium();

    beforeAll(async () => {
      const extras = await options.extras?.();
      closeExtras = extras?.close;
      const configFile = options.synthesizedConfigFile?.() ?? options.configFile;
      const app = await synthesizeApp({ configFile, outDir: path.join(os.tmpdir(), 'rag-cloud-synth', name) });
      // Textract answers a job's first poll IN_PROGRESS, and pages its result by 25 blocks, so the ingest function
      // takes the polling and NextToken paths with a one-page scan.
      harness = await CloudHarness.start({ app, textract: { pollsInProgress: 1, blocksPerAnswer: 25 } });
      // The migration function itself, as the custom resource provider calls it on Create.
      const migrationResource = harness.logicalIdOfType('Custom::RagSchemaMigration');
      const migration = await harness.runner.invoke(harness.functionByService('rag-migrate'), {
        RequestType: 'Create',
        LogicalResourceId: migrationResource,
        ResourceType: 'Custom::RagSchemaMigration',
        ResourceProperties: harness.resolver.resolve(harness.resolver.resource(migrationResource).Properties),
      });
      expect(migration.error).toBeUndefined();

      const bucket = String(harness.resolver.ref(harness.logicalIdOfType('AWS::S3::Bucket', 'RawBucket')));
      harness.s3.putObject(bucket, DOCUMENT_KEY, Buffer.from(DOCUMENT), { contentType: 'text/markdown' });
      if (scannedPage) harness.s3.putObject(bucket, SCANNED_KEY, await buildTypedAndScannedPdf(), { contentType: 'application/pdf' });
      await harness.mappingOf(harness.functionByService('rag-ingest')).drained();

      api = await TemplateApi.start({ resolver: harness.resolver, authorizer: harness.authorizer, runner: harness.runner });
    }, 600_000);

    afterAll(async () => {
      await api?.close();
      await harness?.stop();
      await closeExtras?.();
    });

    const chat = async (body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${api.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as ChatResponseBody };
    };

    it('answers a cold first question while the database is still resuming, inside the gateway’s 29 s', async () => {
      await harness.runner.close();
      harness.database.refuseFor(DATABASE_RESUME_MS);
      const invocationsBefore = api.invocations.length;
      const started = Date.now();

      const response = await chat({ message: 'What is the hotel limit in Madrid?' }, { authorization: await api.idToken() });

      // The harness's gateway answers 504 at 29 s (API Gateway's limit), so a 200 is the request finishing in time.
      const execution = api.executions.at(-1);
      const steps = api.invocations.slice(invocationsBefore);
      console.log(
        `${name}: cold chat request answered ${response.status} in ${Date.now() - started} ms (workflow ${execution ? execution.stopDate - execution.startDate : '?'} ms; ` +
          `database refused ${harness.database.refused} connection(s); steps ${steps.map((i) => `${i.logicalId.replace(/^ChatWorkflow|Function.*$/g, '')} ${i.wallMs} ms (handler ${i.durationMs} ms${i.coldStart ? ', cold' : ''})`).join(', ')})`,
      );
      expect({ status: response.status, error: response.body.error, executionError: execution?.error, cause: execution?.cause?.slice(0, 300) }).toEqual({
        status: 200,
        error: undefined,
        executionError: undefined,
        cause: undefined,
      });
      expect(harness.database.refused).toBeGreaterThan(0);
    });

    it('answers a question with a citation of the indexed document, from an embedded query', async () => {
      const response = await chat({ message: 'Which class do employees book for flights under six hours?' }, { authorization: await api.idToken() });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        intent: 'question',
        answerMode: 'generated',
        answer: expect.stringMatching(/economy.*\[1\]/i),
        citations: [expect.objectContaining({ n: 1, source: DOCUMENT_KEY, excerpt: expect.stringMatching(/economy/) })],
      });
      expect(response.body.usage?.embeddingTokens).toBeGreaterThan(0);
      expect(response.body.usage?.llmOutputTokens).toBeGreaterThan(0);
    });

    if (options.scannedPage) {
      (scannedPage ? it : it.skip)('answers from the scanned page of a PDF, read by Textract as the template wires it, and cites that page', async () => {
        // prepare: what the ingest function asked Textract, as its own role
        const ingestRole = harness.runner.roleOf(harness.functionByService('rag-ingest'));
        const calls = harness.textract.calls;
        const admin = await api.idToken({ username: 'operator@example.com', groups: ['rag-admins'] });
        const get = async (route: string) => (await fetch(`${api.url}${route}`, { headers: { authorization: admin } })).json();
        const jobs = (await get('/api/jobs?limit=50')) as { id: string }[];
        const details = (await Promise.all(jobs.map((job) => get(`/api/jobs/${job.id}`)))) as {
          status: string;
          documents?: { source: string; status: string; error?: string }[];
        }[];
        const job = details.find((candidate) => candidate.documents?.some((document) => document.source === SCANNED_KEY));

        // act
        const response = await chat({ message: SCANNED_QUESTION }, { authorization: await api.idToken() });

        // assess: one asynchronous job on the raw bucket's object, polled while in progress, its result paged
        expect(calls.filter((call) => call.operation === 'DetectDocumentText')).toEqual([]);
        const [start, ...more] = calls.filter((call) => call.operation === 'StartDocumentTextDetection');
        expect(more).toEqual([]);
        expect(start).toMatchObject({ outcome: 'OK', accessKeyId: expect.stringContaining(ingestRole) });
        expect(harness.textract.job(start!.jobId!)).toMatchObject({ bucket: expect.any(String), key: SCANNED_KEY, pages: 2 });
        const polls = calls.filter((call) => call.operation === 'GetDocumentTextDetection' && call.jobId === start!.jobId);
        expect(polls[0]?.outcome).toBe('IN_PROGRESS');
        expect(polls.filter((poll) => poll.nextToken).length).toBeGreaterThan(1);
        expect(polls.at(-1)?.outcome).toBe('SUCCEEDED');
        // assess: the job succeeded, and the answer cites page 2, where the scan printed the fact
        expect(job?.status).toBe('succeeded');
        expect(job?.documents?.find((document) => document.source === SCANNED_KEY)).toMatchObject({ status: 'indexed' });
        expect(response.status).toBe(200);
        expect(response.body.answer).toMatch(/seven forty five/i);
        const cited = response.body.citations?.find((citation) => citation.source === SCANNED_KEY);
        expect(cited).toMatchObject({ source: SCANNED_KEY, page: 2 });
        expect(cited?.excerpt?.replace(/\s+/g, ' ')).toContain(SCANNED_FACT);
      });
    }

    if (options.accessScenario) {
      it("keeps one collection's documents and conversations from a user in another's group, on every route", async () => {
        // prepare: Ana edits `harbour` (group harbour-editors), Bruno reads `fleet` only; both edit `default`, as every user does by default
        const ana = await api.idToken({ username: 'ana@example.com', groups: ['harbour-editors'] });
        const bruno = await api.idToken({ username: 'bruno@example.com', groups: ['fleet-readers'] });
        const call = async (token: string, method: string, route: string, body?: unknown) => {
          const response = await fetch(`${api.url}${route}`, {
            method,
            headers: { authorization: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any };
        };
        const text = Buffer.from('# Harbour pilots\n\nThe harbour pilot on duty answers on radio channel 71 between midnight and six.');
        const presigned = await call(ana, 'POST', '/api/documents', {
          collection: 'harbour',
          files: [{ name: 'pilots.md', contentType: 'text/markdown', size: text.length }],
        });
        const upload = presigned.body.uploads[0] as { source: string; url: string; headers: Record<string, string> };
        const put = await putTrusted(upload.url, upload.headers, text, harness.tls.ca);
        await harness.mappingOf(harness.functionByService('rag-ingest')).drained();
        const question = 'Which radio channel does the harbour pilot answer on?';
        const asked = await chat({ message: question }, { authorization: ana });
        const document = ((await call(ana, 'GET', '/api/documents')).body as { id: string; source: string }[]).find((d) => d.source === upload.source);

        // act: Bruno, through the API
        const listed = await call(bruno, 'GET', '/api/documents');
        const brunoAsked = await chat({ message: question }, { authorization: bruno });
        const narrowed = await chat({ message: question, collections: ['harbour'] }, { authorization: bruno });
        const deleted = await call(bruno, 'DELETE', `/api/documents/${document?.id}`);
        const hijacked = await chat({ message: 'And at noon?', conversationId: asked.body.conversationId }, { authorization: bruno });
        const impersonated = await chat({ message: question, identity: { sub: 'x', groups: 'harbour-editors' } }, { authorization: bruno });

        // assess
        expect(presigned.status).toBe(202);
        expect(upload.source).toBe('api-uploads/harbour/pilots.md');
        expect(put).toBe(200);
        expect(document).toBeDefined();
        expect(asked.status).toBe(200);
        expect((asked.body.citations ?? []).map((c) => c.source)).toContain(upload.source);
        expect(listed.status).toBe(200);
        expect((listed.body as { source: string }[]).map((d) => d.source)).not.toContain(upload.source);
        for (const answer of [brunoAsked, narrowed]) {
          expect(answer.status).toBe(200);
          expect(JSON.stringify(answer.body)).not.toContain(upload.source);
          expect(answer.body.answer).not.toMatch(/channel 71/);
        }
        expect(deleted.status).toBe(404);
        expect(hijacked.status).toBe(404);
        expect(hijacked.body.error?.code).toBe('not_found');
        expect(impersonated.status).toBe(400);
        expect((await call(ana, 'GET', '/api/documents')).body.map((d: { source: string }) => d.source)).toContain(upload.source);
      });
    }

    it('answers a greeting without calling a model', async () => {
      const response = await chat({ message: 'Hola, buenos días' }, { authorization: await api.idToken() });

      expect(response.status).toBe(200);
      expect(response.body.intent).toBe('greeting');
      expect(response.body.citations ?? []).toEqual([]);
      expect(response.body.usage).toEqual({ embeddingTokens: 0, llmInputTokens: 0, llmOutputTokens: 0 });
      expect(api.executions.at(-1)?.status).toBe('SUCCEEDED');
    });

    it('refuses a malformed body with 400 from the request validator, before any step runs', async () => {
      const executions = api.executions.length;

      const response = await chat({ question: 'wrong field' }, { authorization: await api.idToken() });

      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('invalid_request');
      expect(api.executions.length).toBe(executions);
    });

    it('refuses a request without a token with 401', async () => {
      const response = await chat({ message: 'What is the hotel limit in Madrid?' });

      expect(response.status).toBe(401);
      expect(response.body.error?.code).toBe('unauthorized');
    });
  });
}
