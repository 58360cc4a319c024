import { describeHarnessCanFail } from './harness-can-fail.js';
import { describeIngestScenarios } from './ingest-scenarios.js';
import { describeResumingDatabase } from './resuming-database.js';

// config/minimal.json: Bedrock, no SFTP server, no RDS Proxy. The check that the harness can fail and the deploy
// against a resuming database run on the same synthesized assembly, in this file, so one worker synthesizes it.
describeIngestScenarios('config/minimal.json');
describeHarnessCanFail('config/minimal.json');
describeResumingDatabase('config/minimal.json');
