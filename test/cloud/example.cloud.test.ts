import { describeIngestScenarios } from './ingest-scenarios.js';

// config/example.json, the default: Bedrock, the SFTP server, no RDS Proxy; synthesized with one SFTP user, whose
// Transfer user's mapped home the local SFTP drop applies.
describeIngestScenarios('config/example.json', { sftpUser: true });
