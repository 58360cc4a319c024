import { describeTextractCanFail } from './harness-can-fail.js';
import { describeIngestScenarios } from './ingest-scenarios.js';

// config/example.json, the default: Bedrock, the SFTP server, no RDS Proxy, OCR by Amazon Textract; synthesized with
// one SFTP user, whose Transfer user's mapped home the local SFTP drop applies. The Textract check that the harness can
// fail runs on the same synthesized assembly.
describeIngestScenarios('config/example.json', { sftpUser: true });
describeTextractCanFail('config/example.json', { sftpUser: true });
