import { Match, type Template } from 'aws-cdk-lib/assertions';
import { OPENAI_KEY_PLACEHOLDER } from '../../lib/constructs/model-provider.js';
import {
  functionByService,
  ragFunctions,
  resourceByPrefix,
  resourcesOfType,
  roleOfFunction,
  statementsOfRole,
  synthRagStack,
  unacknowledgedNagFindings,
  type SynthesizedStack,
  SYNTH_HOOK_TIMEOUT_MS,
} from './synth-stack.js';

// One synthesis: OpenAI provider, prod stage, required MFA and a custom domain.
let synthesized: SynthesizedStack;
let template: Template;

beforeAll(() => {
  synthesized = synthRagStack({
    provider: 'openai',
    stage: 'prod',
    logRetentionDays: 90,
    auth: { mfa: 'required' },
    site: {
      domainName: 'docs.example.com',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
    },
  });
  template = synthesized.template;
}, SYNTH_HOOK_TIMEOUT_MS);

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('network with the OpenAI provider', () => {
  test('one NAT gateway gives the functions internet egress', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    template.hasResourceProperties('AWS::EC2::Route', { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: Match.anyValue() });
  });

  test('no Bedrock endpoint, but S3 and Secrets Manager endpoints stay', () => {
    const services = Object.values(resourcesOfType(template, 'AWS::EC2::VPCEndpoint')).map((e) => JSON.stringify(e.Properties!.ServiceName));

    expect(services).toHaveLength(2);
    expect(services.some((name) => name.includes('bedrock'))).toBe(false);
    expect(services.some((name) => name.includes('secretsmanager'))).toBe(true);
  });

  test('the database subnets have no route to the internet', () => {
    const [, subnetGroup] = resourceByPrefix(template, 'AWS::RDS::DBSubnetGroup', 'VectorDatabaseCluster');
    const databaseSubnets = subnetGroup.Properties!.SubnetIds.map((s: { Ref: string }) => s.Ref);
    const associations = Object.values(resourcesOfType(template, 'AWS::EC2::SubnetRouteTableAssociation'));
    const routes = Object.values(resourcesOfType(template, 'AWS::EC2::Route'));

    for (const subnetId of databaseSubnets) {
      const tableId = associations.find((a) => a.Properties!.SubnetId.Ref === subnetId)!.Properties!.RouteTableId.Ref;
      expect(routes.filter((r) => r.Properties!.RouteTableId.Ref === tableId)).toEqual([]);
    }
  });
});

describe('OpenAI key secret', () => {
  test('a Secrets Manager secret holds a placeholder until the operator puts the key in', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { SecretString: OPENAI_KEY_PLACEHOLDER });
    template.hasOutput('OpenAiApiKeySecretArn', { Value: Match.anyValue() });
  });

  test.each(['rag-ingest', 'rag-chat-improve', 'rag-chat-retrieve', 'rag-chat-answer'])(
    '%s gets the secret ARN (never the key) and may read that secret',
    (service) => {
      const [secretId] = Object.entries(resourcesOfType(template, 'AWS::SecretsManager::Secret')).find(
        ([, secret]) => secret.Properties!.SecretString === OPENAI_KEY_PLACEHOLDER,
      )!;
      const [, fn] = functionByService(template, service);

      expect(fn.Properties!.Environment.Variables).toMatchObject({
        EMBEDDINGS_PROVIDER: 'openai',
        CHAT_PROVIDER: 'openai',
        OPENAI_API_KEY_SECRET_ARN: { Ref: secretId },
        OPENAI_EMBEDDING_MODEL: 'text-embedding-3-large',
        OPENAI_CHAT_MODEL: 'gpt-4o-mini',
        EMBEDDING_DIMENSIONS: '3072',
      });
      expect(fn.Properties!.Environment.Variables.OPENAI_API_KEY).toBeUndefined();
      const reads = statementsOfRole(template, roleOfFunction(fn)).filter((statement) => asArray(statement.Action).includes('secretsmanager:GetSecretValue'));
      expect(reads.flatMap((statement) => asArray(statement.Resource))).toContainEqual({ Ref: secretId });
    },
  );

  test.each(['rag-documents-api', 'rag-jobs-api', 'rag-feedback-api', 'rag-migrate'])('%s may not read the OpenAI key', (service) => {
    const [secretId] = Object.entries(resourcesOfType(template, 'AWS::SecretsManager::Secret')).find(
      ([, secret]) => secret.Properties!.SecretString === OPENAI_KEY_PLACEHOLDER,
    )!;
    const [, fn] = functionByService(template, service);

    expect(JSON.stringify(statementsOfRole(template, roleOfFunction(fn)))).not.toContain(secretId);
  });

  test('no function may invoke Bedrock', () => {
    for (const fn of Object.values(ragFunctions(template))) {
      const actions = statementsOfRole(template, roleOfFunction(fn)).flatMap((s) => asArray(s.Action));
      expect(actions.filter((action: string) => action.startsWith('bedrock:'))).toEqual([]);
    }
  });
});

describe('prod stage', () => {
  test('data outlives the stack: buckets and log groups are retained, the database snapshotted and protected', () => {
    for (const bucket of Object.values(resourcesOfType(template, 'AWS::S3::Bucket'))) {
      expect(bucket).toMatchObject({ DeletionPolicy: 'Retain' });
    }
    template.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      Properties: Match.objectLike({ DeletionProtection: true, BackupRetentionPeriod: 14 }),
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE', MfaConfiguration: 'ON' });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test('every log group is retained, with the configured retention', () => {
    const logGroups = Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup'));

    expect(logGroups.length).toBeGreaterThanOrEqual(12);
    for (const logGroup of logGroups) {
      expect(logGroup).toMatchObject({ DeletionPolicy: 'Retain', Properties: { RetentionInDays: 90 } });
    }
  });
});

describe('custom domain', () => {
  test('CloudFront serves the domain with its certificate and TLS 1.2 minimum', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['docs.example.com'],
        ViewerCertificate: {
          AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
    template.hasOutput('SiteUrl', { Value: 'https://docs.example.com' });
  });

  test('browsers may PUT presigned uploads to the raw bucket only from the site domain', () => {
    const [, rawBucket] = resourceByPrefix(template, 'AWS::S3::Bucket', 'RawBucket');

    expect(rawBucket.Properties!.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedMethods: ['PUT'], AllowedOrigins: ['https://docs.example.com'] }),
    ]);
  });
});

describe('cdk-nag AwsSolutions', () => {
  test('no unacknowledged errors', () => {
    expect(unacknowledgedNagFindings(synthesized.stack, 'error')).toEqual([]);
  });

  test('no unacknowledged warnings', () => {
    expect(unacknowledgedNagFindings(synthesized.stack, 'warning')).toEqual([]);
  });
});
