import { describeHarnessCanFail } from './harness-can-fail.js';
import { describeIngestScenarios } from './ingest-scenarios.js';

// config/minimal.json: Bedrock, no SFTP server, no RDS Proxy. The check that the harness can fail runs on the same
// synthesized assembly, in this file, so one worker synthesizes it.
describeIngestScenarios('config/minimal.json');
describeHarnessCanFail('config/minimal.json');
