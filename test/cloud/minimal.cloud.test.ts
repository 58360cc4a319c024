import { describeIngestScenarios } from './ingest-scenarios.js';

// config/minimal.json: Bedrock, no SFTP server, no RDS Proxy.
describeIngestScenarios('config/minimal.json');
