import { Match, type Template } from 'aws-cdk-lib/assertions';
import { INGEST_MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_FACTOR } from '../../lib/constructs/ingest-pipeline.js';
import {
  arnOf,
  asArray,
  functionByService,
  ref,
  resourceByPrefix,
  resourcesOfType,
  roleOfFunction,
  statementsOfRole,
  synthRagStack,
  type SynthesizedStack,
  SYNTH_HOOK_TIMEOUT_MS,
} from './synth-stack.js';

// One synthesis for the whole file, of the default shape (Bedrock, dev stage, RDS Proxy on).
// This file checks the document drop, the raw bucket and the ingest pipeline.
let synthesized: SynthesizedStack;
let template: Template;

beforeAll(() => {
  synthesized = synthRagStack();
  template = synthesized.template;
}, SYNTH_HOOK_TIMEOUT_MS);

describe('1. document drop (Transfer Family SFTP)', () => {
  test('one SFTP server with service-managed users, a public endpoint, a modern security policy and logging', () => {
    template.resourceCountIs('AWS::Transfer::Server', 1);
    template.hasResourceProperties('AWS::Transfer::Server', {
      Protocols: ['SFTP'],
      IdentityProviderType: 'SERVICE_MANAGED',
      Domain: 'S3',
      EndpointType: 'PUBLIC',
      SecurityPolicyName: 'TransferSecurityPolicy-2024-01',
      LoggingRole: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DocumentDropLoggingRole'), 'Arn'] },
    });
  });

  test('the logging role may write only to the server log group, which has a retention', () => {
    const [serverId] = resourceByPrefix(template, 'AWS::Transfer::Server', 'DocumentDropServer');
    const [logGroupId, logGroup] = resourceByPrefix(template, 'AWS::Logs::LogGroup', 'DocumentDropLogs');
    expect(logGroup.Properties).toMatchObject({
      LogGroupName: { 'Fn::Join': ['', ['/aws/transfer/', { 'Fn::GetAtt': [serverId, 'ServerId'] }]] },
      RetentionInDays: 30,
    });
    const [roleId] = resourceByPrefix(template, 'AWS::IAM::Role', 'DocumentDropLoggingRole');

    const statements = statementsOfRole(template, roleId);

    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Allow', Resource: arnOf(logGroupId), Action: expect.arrayContaining(['logs:PutLogEvents']) }),
    ]);
  });

  test.each(['alice', 'bob'])('user %s gets a LOGICAL home directory mapped to its own folder of the raw bucket', (userName) => {
    const [rawBucketId] = resourceByPrefix(template, 'AWS::S3::Bucket', 'RawBucket');

    template.hasResourceProperties('AWS::Transfer::User', {
      UserName: userName,
      HomeDirectoryType: 'LOGICAL',
      HomeDirectoryMappings: [{ Entry: '/', Target: { 'Fn::Join': ['', ['/', ref(rawBucketId), `/${userName}`]] } }],
      SshPublicKeys: [Match.stringLikeRegexp('^ssh-ed25519 ')],
    });
  });

  test.each([
    ['alice', 'bob'],
    ['bob', 'alice'],
  ])("%s's role reaches only its own prefix of the raw bucket, never %s's", (userName, otherUser) => {
    const [rawBucketId] = resourceByPrefix(template, 'AWS::S3::Bucket', 'RawBucket');
    const user = Object.values(resourcesOfType(template, 'AWS::Transfer::User')).find((u) => u.Properties!.UserName === userName)!;
    const roleId = user.Properties!.Role['Fn::GetAtt'][0];

    const statements = statementsOfRole(template, roleId);

    expect(statements).toHaveLength(2);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 's3:ListBucket',
        Resource: arnOf(rawBucketId),
        Condition: { StringLike: { 's3:prefix': [`${userName}/`, `${userName}/*`] } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['s3:PutObject', 's3:GetObject', 's3:DeleteObject']),
        Resource: { 'Fn::Join': ['', [arnOf(rawBucketId), `/${userName}/*`]] },
      }),
    );
    expect(JSON.stringify(statements)).not.toContain(`/${otherUser}/`);
    expect(JSON.stringify(statements)).not.toMatch(/"\/\*"/);
  });
});

describe('2. raw bucket', () => {
  test('is encrypted, versioned, private, logged, and announces changes on EventBridge', () => {
    const [rawBucketId, rawBucket] = resourceByPrefix(template, 'AWS::S3::Bucket', 'RawBucket');
    const [logsBucketId] = resourceByPrefix(template, 'AWS::S3::Bucket', 'AccessLogs');

    expect(rawBucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: ref(logsBucketId), LogFilePrefix: 'raw-bucket/' },
    });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: ref(rawBucketId),
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
  });

  test('every bucket has a policy that denies requests without TLS, and below TLS 1.2', () => {
    const buckets = Object.keys(resourcesOfType(template, 'AWS::S3::Bucket'));
    const policies = Object.values(resourcesOfType(template, 'AWS::S3::BucketPolicy'));

    expect(buckets.length).toBeGreaterThanOrEqual(3);
    for (const bucketId of buckets) {
      const policy = policies.find((p) => p.Properties!.Bucket.Ref === bucketId);
      expect(policy).toBeDefined();
      expect(policy!.Properties!.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      );
    }
  });
});

describe('3. ingest pipeline', () => {
  test('an EventBridge rule sends Object Created/Deleted of the raw bucket to the ingest queue, with its own DLQ', () => {
    const [rawBucketId] = resourceByPrefix(template, 'AWS::S3::Bucket', 'RawBucket');
    const [queueId] = resourceByPrefix(template, 'AWS::SQS::Queue', 'IngestQueue');
    const [ruleDlqId] = resourceByPrefix(template, 'AWS::SQS::Queue', 'IngestRuleDeadLetterQueue');

    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created', 'Object Deleted'],
        detail: { bucket: { name: [ref(rawBucketId)] } },
      },
      Targets: [
        Match.objectLike({
          Arn: arnOf(queueId),
          DeadLetterConfig: { Arn: arnOf(ruleDlqId) },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
        }),
      ],
    });
  });

  test(`the queue is encrypted, redrives to its DLQ after ${INGEST_MAX_RECEIVE_COUNT} receives, and its visibility timeout is ≥ ${VISIBILITY_TIMEOUT_FACTOR}× the ingest timeout`, () => {
    const [, queue] = resourceByPrefix(template, 'AWS::SQS::Queue', 'IngestQueue');
    const [dlqId] = resourceByPrefix(template, 'AWS::SQS::Queue', 'IngestDeadLetterQueue');
    const [, ingest] = functionByService(template, 'rag-ingest');

    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(dlqId), maxReceiveCount: 5 },
    });
    expect(queue.Properties!.VisibilityTimeout).toBeGreaterThanOrEqual(6 * ingest.Properties!.Timeout);
  });

  test('every queue uses SSE and a policy that denies requests without TLS', () => {
    const queues = resourcesOfType(template, 'AWS::SQS::Queue');
    const policies = Object.values(resourcesOfType(template, 'AWS::SQS::QueuePolicy'));

    expect(Object.keys(queues)).toHaveLength(3);
    for (const [queueId, queue] of Object.entries(queues)) {
      expect(queue.Properties!.SqsManagedSseEnabled).toBe(true);
      const policy = policies.find((p) => p.Properties!.Queues.some((q: any) => q.Ref === queueId));
      expect(policy!.Properties!.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  test('the ingest function reads the queue in batches, reports partial failures, and is capped by the connection budget', () => {
    const [queueId] = resourceByPrefix(template, 'AWS::SQS::Queue', 'IngestQueue');
    const [ingestId] = functionByService(template, 'rag-ingest');

    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf(queueId),
      FunctionName: ref(ingestId),
      BatchSize: synthesized.config.ingest.batchSize,
      MaximumBatchingWindowInSeconds: synthesized.config.ingest.batchingWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: synthesized.config.ingest.maxConcurrency },
    });
  });

  test('the ingest function may read raw objects, and list the bucket so a missing key is a 404, nothing more', () => {
    const [rawBucketId] = resourceByPrefix(template, 'AWS::S3::Bucket', 'RawBucket');
    const [, ingest] = functionByService(template, 'rag-ingest');

    const s3Statements = statementsOfRole(template, roleOfFunction(ingest)).filter((s) => asArray(s.Action).some((action: string) => action.startsWith('s3:')));

    expect(s3Statements).toEqual([
      expect.objectContaining({
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: { 'Fn::Join': ['', [arnOf(rawBucketId), '/*']] },
      }),
      expect.objectContaining({ Action: 's3:ListBucket', Resource: arnOf(rawBucketId) }),
    ]);
    expect(ingest.Properties!.Environment.Variables.RAW_BUCKET_NAME).toEqual(ref(rawBucketId));
  });

  test('the ingest function reads scans with Textract: text detection granted (no resource scoping exists), the engine named in its environment', () => {
    const [, ingest] = functionByService(template, 'rag-ingest');

    // CDK merges statements with the same resource, so the X-Ray actions may share this one.
    const textractStatements = statementsOfRole(template, roleOfFunction(ingest)).filter((s) =>
      asArray(s.Action).some((action: string) => action.startsWith('textract:')),
    );

    expect(textractStatements).toEqual([expect.objectContaining({ Effect: 'Allow', Resource: '*' })]);
    expect(
      asArray(textractStatements[0]!.Action)
        .filter((action: string) => action.startsWith('textract:'))
        .sort(),
    ).toEqual(['textract:DetectDocumentText', 'textract:GetDocumentTextDetection', 'textract:StartDocumentTextDetection']);
    expect(ingest.Properties!.Environment.Variables.RAG_OCR_PROVIDER).toBe('textract');
  });

  test(
    'with OCR turned off the ingest function gets no Textract grant and the VPC no Textract endpoint',
    () => {
      // act
      const withoutOcr = synthRagStack({ ingest: { ocr: 'none' } });

      // assess
      const [, ingest] = functionByService(withoutOcr.template, 'rag-ingest');
      const actions = statementsOfRole(withoutOcr.template, roleOfFunction(ingest)).flatMap((s) => asArray(s.Action));
      expect(actions.filter((action: string) => action.startsWith('textract:'))).toEqual([]);
      expect(ingest.Properties!.Environment.Variables.RAG_OCR_PROVIDER).toBe('none');
      const services = Object.values(resourcesOfType(withoutOcr.template, 'AWS::EC2::VPCEndpoint')).map((e) => JSON.stringify(e.Properties!.ServiceName));
      expect(services.some((name) => name.includes('textract'))).toBe(false);
    },
    SYNTH_HOOK_TIMEOUT_MS,
  );

  test("the ingest function files each SFTP user's folder under that user's collection", () => {
    const [, ingest] = functionByService(template, 'rag-ingest');

    expect(JSON.parse(ingest.Properties!.Environment.Variables.RAG_DROP_COLLECTIONS)).toEqual({ alice: 'alice', bob: 'bob' });
  });
});
