import { buildPdf, buildScannedPdf } from '../fixtures/pdf-fixtures.js';
import { apiGatewayProxyEvent } from './harness/api-gateway-proxy-event.js';
import { CloudHarness } from './harness/cloud-harness.js';
import type { SynthesizedApp } from './harness/template/load-template.js';
import { withoutGrant } from './harness/template/template-mutations.js';
import { apiBody, synthesizeConfig, synthesizeScenarioConfig } from './ingest-scenarios.js';

/**
 * The harness proves something only if a broken template fails it: the same upload scenario, on a copy of the
 * template whose ingest role lost s3:GetObject, must end in AccessDenied and no indexed document.
 */
export function describeHarnessCanFail(configFile: string): void {
  describe(`the harness, given ${configFile} with one grant removed`, () => {
    let harness: CloudHarness;

    beforeAll(async () => {
      const app = await synthesizeConfig(configFile);
      harness = await CloudHarness.start({ app: withoutGrant(app, roleOfService(app, 'rag-ingest'), 's3:GetObject') });
    });

    afterAll(async () => {
      await harness?.stop();
    });

    test('fails the upload scenario with AccessDenied', async () => {
      // prepare
      const ingest = harness.functionByService('rag-ingest');
      const documents = harness.functionByService('rag-documents-api');
      const rawBucket = harness.runner.definition(ingest).environment.RAW_BUCKET_NAME!;
      const migration = await harness.deployer.send(harness.logicalIdOfType('Custom::RagSchemaMigration'), 'Create');
      // act
      harness.s3.putObject(rawBucket, 'alice/notes.pdf', Buffer.from(await buildPdf([{ lines: ['Notes about the harness'] }])), {
        contentType: 'application/pdf',
      });
      await harness.mappingOf(ingest).drained();
      // assess
      expect(migration.response.Status).toBe('SUCCESS');
      const denied = harness.authorizer.decisions.filter((decision) => !decision.allowed);
      expect(denied.map((decision) => decision.action)).toContain('s3:GetObject');
      expect(harness.s3.calls.filter((call) => call.key === 'alice/notes.pdf').map((call) => call.status)).toContain(403);
      const listed = apiBody<Array<{ source: string }>>(await harness.runner.invoke(documents, apiGatewayProxyEvent('GET', '/api/documents')));
      expect(listed.map((document) => document.source)).not.toContain('alice/notes.pdf');
    });
  });
}

/** The execution role of the function with this Powertools service name, read from the template alone. */
function roleOfService(app: SynthesizedApp, serviceName: string): string {
  for (const resource of Object.values(app.template.Resources)) {
    const properties = resource.Properties as { Environment?: { Variables?: Record<string, unknown> }; Role?: { 'Fn::GetAtt'?: [string, string] } } | undefined;
    if (resource.Type !== 'AWS::Lambda::Function' || properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME !== serviceName) continue;
    const role = properties.Role?.['Fn::GetAtt']?.[0];
    if (role) return role;
  }
  throw new Error(`No function with service name ${serviceName} and a role of the template`);
}

/**
 * The same check for OCR on AWS: on a copy of the template whose ingest role lost textract:StartDocumentTextDetection,
 * a scanned PDF must fail with Textract's AccessDeniedException, retried by the queue as a failure that may pass (a
 * grant still propagating) and then recorded on its job with the reason, and nothing indexed.
 */
export function describeTextractCanFail(configFile: string, options: { sftpUser?: boolean } = {}): void {
  describe(`the harness, given ${configFile} without the ingest role's Textract grant`, () => {
    let harness: CloudHarness;

    beforeAll(async () => {
      const app = await synthesizeScenarioConfig(configFile, options);
      harness = await CloudHarness.start({ app: withoutGrant(app, roleOfService(app, 'rag-ingest'), 'textract:StartDocumentTextDetection') });
    });

    afterAll(async () => {
      await harness?.stop();
    });

    test('fails a scanned PDF with AccessDeniedException, recorded on its job, and indexes nothing', async () => {
      // prepare
      const ingest = harness.functionByService('rag-ingest');
      const jobs = harness.functionByService('rag-jobs-api');
      const rawBucket = harness.runner.definition(ingest).environment.RAW_BUCKET_NAME!;
      const migration = await harness.deployer.send(harness.logicalIdOfType('Custom::RagSchemaMigration'), 'Create');
      const queue = harness.mappingOf(ingest).queue;
      const attempts = queue.settings.redrive?.maxReceiveCount ?? 1;
      const operator = { claims: { sub: 'operator-1', 'cognito:username': 'operator', 'cognito:groups': 'rag-admins' } };
      // act: the first attempt, then each retry once the message is visible again
      harness.s3.putObject(rawBucket, 'alice/scanned minutes.pdf', Buffer.from(await buildScannedPdf(1)), { contentType: 'application/pdf' });
      await harness.mappingOf(ingest).drained();
      for (let attempt = 2; attempt <= attempts; attempt += 1) {
        harness.clock.advance((queue.settings.visibilityTimeoutSeconds + 1) * 1000);
        await harness.mappingOf(ingest).drained();
      }
      const listed = apiBody<Array<{ id: string }>>(await harness.runner.invoke(jobs, apiGatewayProxyEvent('GET', '/api/jobs', operator)));
      const details = await Promise.all(
        listed.map(async ({ id }) =>
          apiBody<{ status: string; documents?: Array<{ source: string; status: string; errorCode?: string; error?: string }> }>(
            await harness.runner.invoke(
              jobs,
              apiGatewayProxyEvent('GET', `/api/jobs/${id}`, { resource: '/api/jobs/{id}', pathParameters: { id }, ...operator }),
            ),
          ),
        ),
      );
      const job = details.find((candidate) => candidate.documents?.some((document) => document.source === 'alice/scanned minutes.pdf'));
      // assess
      expect(migration.response.Status).toBe('SUCCESS');
      const denied = harness.authorizer.decisions.filter((decision) => !decision.allowed).map((decision) => decision.action);
      expect(new Set(denied)).toEqual(new Set(['textract:StartDocumentTextDetection']));
      expect(harness.textract.calls.map((call) => call.outcome)).toEqual(Array(attempts).fill('AccessDeniedException'));
      expect(job?.status).toBe('failed');
      expect(job?.documents?.[0]).toMatchObject({
        source: 'alice/scanned minutes.pdf',
        status: 'failed',
        error: expect.stringMatching(/not authorized to perform: textract:StartDocumentTextDetection/),
      });
      expect(await harness.database.query('select 1 from documents')).toEqual([]);
    });
  });
}
