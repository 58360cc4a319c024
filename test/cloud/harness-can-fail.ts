import { buildPdf } from '../fixtures/pdf-fixtures.js';
import { apiGatewayProxyEvent } from './harness/api-gateway-proxy-event.js';
import { CloudHarness } from './harness/cloud-harness.js';
import { withoutGrant } from './harness/template/template-mutations.js';
import { apiBody, synthesizeConfig } from './ingest-scenarios.js';

/**
 * The harness proves something only if a broken template fails it: the same upload scenario, on a copy of the
 * template whose ingest role lost s3:GetObject, must end in AccessDenied and no indexed document.
 */
export function describeHarnessCanFail(configFile: string): void {
  describe(`the harness, given ${configFile} with one grant removed`, () => {
    let harness: CloudHarness;

    beforeAll(async () => {
      const app = await synthesizeConfig(configFile);
      const probe = await CloudHarness.start({ app });
      const ingestRole = probe.runner.roleOf(probe.functionByService('rag-ingest'));
      await probe.stop();
      harness = await CloudHarness.start({ app: withoutGrant(app, ingestRole, 's3:GetObject') });
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
