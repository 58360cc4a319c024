import { CloudHarness } from './harness/cloud-harness.js';
import { synthesizeConfig } from './ingest-scenarios.js';

/** How long a paused Aurora Serverless v2 instance refuses connections while it resumes (the figure). */
const RESUME_MS = 20_000;

/** A deploy while the database is paused: the migration must wait for it to resume instead of failing the stack. */
export function describeResumingDatabase(configFile: string): void {
  describe(`${configFile} deployed while Aurora resumes from pause`, () => {
    let harness: CloudHarness;

    beforeAll(async () => {
      harness = await CloudHarness.start({ app: await synthesizeConfig(configFile) });
    });

    afterAll(async () => {
      await harness?.stop();
    });

    test('the migration custom resource retries its connection and succeeds', async () => {
      // prepare
      harness.database.refuseFor(RESUME_MS);
      // act
      const created = await harness.deployer.send(harness.logicalIdOfType('Custom::RagSchemaMigration'), 'Create');
      // assess
      expect(created.response.Status).toBe('SUCCESS');
      expect(harness.database.refused).toBeGreaterThan(0);
    });
  });
}
