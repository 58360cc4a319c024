import { describeIngestScenarios } from './ingest-scenarios.js';

// config/example.json, the default: Bedrock, the SFTP server, no RDS Proxy.
describeIngestScenarios('config/example.json');
