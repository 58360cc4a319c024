import { ConfigError } from '#core/errors.js';
import { parseDeploymentConfig, providerModels, sftpDropCollections, type DeploymentConfigInput } from '../../../lib/config/index.js';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIsU7uoVl4qAf8lSzZRypf37NhzUcpI3DnCnS4w/O4ON alice@example.com';
const MINIMAL = { provider: 'bedrock', alertEmail: 'ops@example.com' } satisfies DeploymentConfigInput;

function errorOf(raw: unknown): ConfigError {
  try {
    parseDeploymentConfig(raw, 'config/test.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseDeploymentConfig', () => {
  test('fills every default from a minimal config', () => {
    const config = parseDeploymentConfig(MINIMAL, 'config/test.json');

    expect(config).toMatchObject({
      stackName: 'RagDocbot',
      stage: 'dev',
      provider: 'bedrock',
      embeddingDimensions: 1024,
      sftpUsers: [],
      logLevel: 'INFO',
      logRetentionDays: 30,
      insightsRetentionDays: 90,
      database: { minCapacityAcu: 0, maxCapacityAcu: 4, autoPauseMinutes: 10, useRdsProxy: false },
      ingest: { maxConcurrency: 4, batchSize: 5, batchingWindowSeconds: 5, ocr: 'textract' },
      api: { throttlingRateLimit: 20, throttlingBurstLimit: 40 },
      auth: { mfa: 'optional' },
      site: {},
    });
    expect(providerModels(config)).toEqual({ embeddingModel: 'amazon.titan-embed-text-v2:0', chatModel: 'us.amazon.nova-lite-v1:0' });
  });

  test.each([
    ['openai', 'text-embedding-3-large', 3072],
    ['bedrock', 'amazon.titan-embed-text-v2:0', 1024],
  ] as const)('the %s default embedding model %s has %i dimensions', (provider, model, dimensions) => {
    const config = parseDeploymentConfig({ ...MINIMAL, provider }, 'config/test.json');

    expect(providerModels(config).embeddingModel).toBe(model);
    expect(config.embeddingDimensions).toBe(dimensions);
  });

  test('an explicit embeddingDimensions wins over the model default', () => {
    expect(parseDeploymentConfig({ ...MINIMAL, embeddingDimensions: 512 }, 'x').embeddingDimensions).toBe(512);
  });

  test('keeps SFTP users and trims their keys', () => {
    const config = parseDeploymentConfig({ ...MINIMAL, sftpUsers: [{ userName: 'alice', sshPublicKey: `  ${KEY}\n` }] }, 'x');

    expect(config.sftpUsers).toEqual([{ userName: 'alice', sshPublicKey: KEY }]);
  });

  test.each([
    ['missing provider', { alertEmail: 'ops@example.com' }, /provider/],
    ['unknown provider', { ...MINIMAL, provider: 'azure' }, /provider/],
    ['missing alert email', { provider: 'openai' }, /alertEmail/],
    ['malformed alert email', { ...MINIMAL, alertEmail: 'ops-at-example' }, /alertEmail: must be an email address/],
    ['unknown stage', { ...MINIMAL, stage: 'staging' }, /stage/],
    ['misspelled key', { ...MINIMAL, provder: 'openai' }, /provder/],
    ['misspelled nested key', { ...MINIMAL, database: { useRdsproxy: false } }, /useRdsproxy/],
    ['bad stack name', { ...MINIMAL, stackName: '1-stack' }, /stackName: must start with a letter/],
    ['not an SSH key', { ...MINIMAL, sftpUsers: [{ userName: 'alice', sshPublicKey: 'hello' }] }, /sftpUsers\.0\.sshPublicKey: must be one OpenSSH public key/],
    ['private key pasted', { ...MINIMAL, sftpUsers: [{ userName: 'alice', sshPublicKey: '-----BEGIN OPENSSH PRIVATE KEY-----' }] }, /sshPublicKey/],
    ['user name too short', { ...MINIMAL, sftpUsers: [{ userName: 'al', sshPublicKey: KEY }] }, /sftpUsers\.0\.userName/],
    ['user name with a slash', { ...MINIMAL, sftpUsers: [{ userName: 'al/ice', sshPublicKey: KEY }] }, /sftpUsers\.0\.userName/],
    ['user name starting with a dot', { ...MINIMAL, sftpUsers: [{ userName: '.alice', sshPublicKey: KEY }] }, /sftpUsers\.0\.userName/],
    [
      'duplicate user names',
      {
        ...MINIMAL,
        sftpUsers: [
          { userName: 'alice', sshPublicKey: KEY },
          { userName: 'Alice', sshPublicKey: KEY },
        ],
      },
      /sftpUsers\.1\.userName: duplicate user name "Alice"/,
    ],
    ['log retention CloudWatch does not offer', { ...MINIMAL, logRetentionDays: 31 }, /logRetentionDays: must be one of 1, 3, 5/],
    ['min capacity above max', { ...MINIMAL, database: { minCapacityAcu: 8, maxCapacityAcu: 4 } }, /database\.minCapacityAcu: must not exceed maxCapacityAcu/],
    ['capacity not in half steps', { ...MINIMAL, database: { maxCapacityAcu: 2.3 } }, /database\.maxCapacityAcu: must be a multiple of 0\.5/],
    ['auto-pause shorter than Aurora allows', { ...MINIMAL, database: { autoPauseMinutes: 1 } }, /database\.autoPauseMinutes/],
    ['ingest concurrency below the SQS minimum of 2', { ...MINIMAL, ingest: { maxConcurrency: 1 } }, /ingest\.maxConcurrency/],
    ['batch larger than 10', { ...MINIMAL, ingest: { batchSize: 11 } }, /ingest\.batchSize/],
    ['domain without certificate', { ...MINIMAL, site: { domainName: 'docs.example.com' } }, /site: domainName and certificateArn go together/],
    [
      'certificate outside us-east-1',
      { ...MINIMAL, site: { domainName: 'docs.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' } },
      /site\.certificateArn: must be an ACM certificate ARN in us-east-1/,
    ],
    ['OpenAI base URL that is not a URL', { ...MINIMAL, provider: 'openai', openai: { baseUrl: 'localhost' } }, /openai\.baseUrl/],
    [
      'unknown embedding model without dimensions',
      { ...MINIMAL, bedrock: { embeddingModelId: 'acme.embed-v9' } },
      /embeddingDimensions: required for the embedding model "acme\.embed-v9"/,
    ],
    ['not an object', 'provider=openai', /\(root\)/],
  ])('rejects %s with a message naming the field', (_label, raw, message) => {
    const error = errorOf(raw);

    expect(error.code).toBe('config_error');
    expect(error.message).toContain('Invalid deployment config in config/test.json');
    expect(error.message).toMatch(message);
  });

  test('reports every problem at once, one per line', () => {
    const error = errorOf({ provider: 'azure', alertEmail: 'nope', stage: 'qa' });

    expect(error.message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(3);
  });
});

describe('access', () => {
  it('maps groups to roles beside the naming rule, and lets everyone edit `default` unless told otherwise', () => {
    // act
    const defaults = parseDeploymentConfig(MINIMAL, 'x');
    const mapped = parseDeploymentConfig({ ...MINIMAL, access: { groups: { 'Finance Team': { finance: 'editor' } }, everyone: {} } }, 'x');

    // assess
    expect(defaults.access).toEqual({ groups: {}, everyone: { default: 'editor' } });
    expect(mapped.access).toEqual({ groups: { 'Finance Team': { finance: 'editor' } }, everyone: {} });
  });

  it('refuses a role that is not reader or editor, naming where', () => {
    // act + assess
    expect(() => parseDeploymentConfig({ ...MINIMAL, access: { groups: { ops: { finance: 'owner' } } } }, 'x')).toThrow(/access\.groups\.ops/);
  });

  test.each([
    ['the configured collection', { userName: 'alice', sshPublicKey: KEY, collection: 'finance' }, { alice: 'finance' }],
    ['else the user name, lower-cased', { userName: 'Bob.Smith', sshPublicKey: KEY }, { 'Bob.Smith': 'bob-smith' }],
    ['else `default` when the name cannot be a collection', { userName: '_ops', sshPublicKey: KEY }, { _ops: 'default' }],
  ])("files an SFTP user's folder under %s", (_, user, expected) => {
    // act + assess
    expect(sftpDropCollections(parseDeploymentConfig({ ...MINIMAL, sftpUsers: [user] }, 'x'))).toEqual(expected);
  });

  it('refuses an SFTP collection that is not a collection name', () => {
    // act + assess
    expect(() => parseDeploymentConfig({ ...MINIMAL, sftpUsers: [{ userName: 'alice', sshPublicKey: KEY, collection: 'Finance' }] }, 'x')).toThrow(
      /sftpUsers\.0\.collection/,
    );
  });
});

describe('auth.identityProviders', () => {
  const oidc = {
    type: 'oidc',
    name: 'EntraID',
    clientId: 'c',
    clientSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbC',
    issuerUrl: 'https://login.example.com/v2.0',
  };

  it('takes providers with a domain and a callback URL, and defaults the OIDC scopes', () => {
    // act
    const config = parseDeploymentConfig(
      { ...MINIMAL, auth: { identityProviders: [oidc], domainPrefix: 'docs', callbackUrls: ['https://docs.example.com/'] } },
      'x',
    );

    // assess
    expect(config.auth.identityProviders[0]).toMatchObject({ name: 'EntraID', scopes: ['openid', 'email', 'profile'] });
  });

  test.each([
    ['no domain', { identityProviders: [oidc], callbackUrls: ['https://d.example.com/'] }, /auth\.domainPrefix: is required/],
    ['no callback URL', { identityProviders: [oidc], domainPrefix: 'docs' }, /auth\.callbackUrls: is required/],
    [
      'a secret that is not an ARN',
      { identityProviders: [{ ...oidc, clientSecretArn: 'hunter2' }], domainPrefix: 'd', callbackUrls: ['https://d.example.com/'] },
      /clientSecretArn/,
    ],
    ['a name twice', { identityProviders: [oidc, oidc], domainPrefix: 'd', callbackUrls: ['https://d.example.com/'] }, /duplicate provider name/],
  ])('refuses %s', (_, auth, message) => {
    // act + assess
    expect(() => parseDeploymentConfig({ ...MINIMAL, auth } as DeploymentConfigInput, 'x')).toThrow(message);
  });
});
