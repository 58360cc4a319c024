import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { loadLexicon } from '../../layers/core/chat/bilingual-lexicon.js';
import { buildChatWorkflowDefinition } from '../../layers/core/workflow/index.js';
import { BUNDLED_LEXICON_DIR, CHAT_WORKFLOW_TIMEOUT, lexiconBundlingHooks } from '../../lib/constructs/chat-workflow.js';
import { INGEST_MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_FACTOR } from '../../lib/constructs/ingest-pipeline.js';
import { migrationsChecksum } from '../../lib/constructs/vector-database.js';
import { MIGRATIONS_DIR, REPO_ROOT } from '../../lib/project-paths.js';
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
} from './synth-stack.js';

// One synthesis for the whole file: the default shape (Bedrock, dev stage, RDS Proxy on).
let synthesized: SynthesizedStack;
let template: Template;

beforeAll(() => {
  synthesized = synthRagStack();
  template = synthesized.template;
});

const ref = (logicalId: string) => ({ Ref: logicalId });
const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

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

    const s3Statements = statementsOfRole(template, roleOfFunction(ingest)).filter((s) =>
      asArray(s.Action).some((action: string) => action.startsWith('s3:')),
    );

    expect(s3Statements).toEqual([
      expect.objectContaining({
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: { 'Fn::Join': ['', [arnOf(rawBucketId), '/*']] },
      }),
      expect.objectContaining({ Action: 's3:ListBucket', Resource: arnOf(rawBucketId) }),
    ]);
    expect(ingest.Properties!.Environment.Variables.RAW_BUCKET_NAME).toEqual(ref(rawBucketId));
  });
});

describe('4. vector database', () => {
  test('Aurora Serverless v2 PostgreSQL 16 with pgvector ≥ 0.8, encrypted, scaling to 0 ACU with auto-pause', () => {
    const [, cluster] = resourceByPrefix(template, 'AWS::RDS::DBCluster', 'VectorDatabaseCluster');

    expect(cluster.Properties).toMatchObject({
      Engine: 'aurora-postgresql',
      StorageEncrypted: true,
      EnableIAMDatabaseAuthentication: true,
      DatabaseName: 'rag',
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 600 },
    });
    // pgvector 0.8.0 ships with Aurora PostgreSQL 16.5 and later.
    const [major, minor] = String(cluster.Properties!.EngineVersion).split('.').map(Number);
    expect(major).toBe(16);
    expect(minor).toBeGreaterThanOrEqual(5);
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless', PubliclyAccessible: false });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
  });

  test('credentials are a generated Secrets Manager secret, rotated monthly', () => {
    const secrets = Object.values(resourcesOfType(template, 'AWS::SecretsManager::Secret'));
    const [attachmentId] = resourceByPrefix(template, 'AWS::SecretsManager::SecretTargetAttachment', 'VectorDatabaseClusterSecretAttachment');

    expect(secrets).toHaveLength(1);
    expect(secrets[0]!.Properties!.GenerateSecretString).toMatchObject({
      GenerateStringKey: 'password',
      SecretStringTemplate: JSON.stringify({ username: 'rag_admin' }),
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: ref(attachmentId),
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  test('RDS Proxy in front requires TLS and uses the cluster secret', () => {
    const [, secretAttachment] = resourceByPrefix(template, 'AWS::SecretsManager::SecretTargetAttachment', 'VectorDatabaseClusterSecretAttachment');

    template.hasResourceProperties('AWS::RDS::DBProxy', {
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      Auth: [Match.objectLike({ AuthScheme: 'SECRETS', SecretArn: Match.anyValue() })],
    });
    expect(secretAttachment).toBeDefined();
  });

  test('the database and its proxy live in isolated subnets and accept only the function security group', () => {
    const isolatedSubnets = Object.entries(resourcesOfType(template, 'AWS::EC2::Subnet'))
      .filter(([, subnet]) => (subnet.Properties!.Tags as { Key: string; Value: string }[]).some((t) => t.Key === 'aws-cdk:subnet-type' && t.Value === 'Isolated'))
      .map(([id]) => id);
    const [, subnetGroup] = resourceByPrefix(template, 'AWS::RDS::DBSubnetGroup', 'VectorDatabaseCluster');
    const [clientSgId] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseClientSecurityGroup');
    const [proxySgId] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseProxySecurityGroup');

    expect(subnetGroup.Properties!.SubnetIds.map((s: { Ref: string }) => s.Ref).every((id: string) => isolatedSubnets.includes(id))).toBe(true);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [proxySgId, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [clientSgId, 'GroupId'] },
      FromPort: 5432,
      ToPort: 5432,
    });
    // Functions cannot bypass the proxy: only the proxy and the secret rotation function reach Aurora.
    const [databaseSgId] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseDatabaseSecurityGroup');
    const [rotationSgId] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseClusterRotationSingleUser');
    const databaseSources = Object.values(resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress'))
      .filter((rule) => rule.Properties!.GroupId['Fn::GetAtt']?.[0] === databaseSgId)
      .map((rule) => rule.Properties!.SourceSecurityGroupId['Fn::GetAtt'][0]);
    expect(databaseSources.sort()).toEqual([proxySgId, rotationSgId].sort());
  });

  test('no NAT gateway or internet gateway with the Bedrock provider; S3, Secrets Manager and Bedrock runtime endpoints instead', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    const services = Object.values(resourcesOfType(template, 'AWS::EC2::VPCEndpoint')).map((endpoint) =>
      JSON.stringify(endpoint.Properties!.ServiceName),
    );

    expect(services).toHaveLength(3);
    expect(services.some((name) => name.includes('.s3'))).toBe(true);
    expect(services.some((name) => name.includes('secretsmanager'))).toBe(true);
    expect(services.some((name) => name.includes('bedrock-runtime'))).toBe(true);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  test('the improve function finds the es↔en lexicon in its bundle, which its bundling step copies there', () => {
    // prepare
    const [, improve] = functionByService(template, 'rag-chat-improve');
    const outputDir = mkdtempSync(path.join(tmpdir(), 'rag-improve-bundle-'));

    // act
    for (const command of lexiconBundlingHooks().afterBundling(REPO_ROOT, outputDir)) execSync(command);

    // assess
    expect(improve.Properties!.Environment.Variables.RAG_LEXICON_DIR).toBe(BUNDLED_LEXICON_DIR);
    expect(BUNDLED_LEXICON_DIR).toBe('/var/task/lexicon');
    const bundled = path.join(outputDir, 'lexicon');
    expect(readdirSync(bundled).sort()).toEqual(['en-es.tsv.gz', 'es-en.tsv.gz']);
    expect(loadLexicon('es-en', bundled).get('nacido')).toEqual(expect.arrayContaining(['born']));
    rmSync(outputDir, { recursive: true, force: true });
  });

  test('a custom resource applies the bundled SQL migrations, after the database and proxy exist', () => {
    const [migrateId, migrate] = functionByService(template, 'rag-migrate');
    const [customId, custom] = resourceByPrefix(template, 'Custom::RagSchemaMigration', 'VectorDatabaseMigration');
    const [clusterId] = resourceByPrefix(template, 'AWS::RDS::DBCluster', 'VectorDatabaseCluster');
    const [proxyId] = resourceByPrefix(template, 'AWS::RDS::DBProxy', 'VectorDatabaseProxy');

    expect(migrate.Properties!.Environment.Variables.RAG_MIGRATIONS_DIR).toBe('/var/task/migrations');
    expect(custom.Properties!.MigrationsChecksum).toBe(migrationsChecksum(MIGRATIONS_DIR));
    expect(custom.Properties!.MigrationsChecksum).toMatch(/^[0-9a-f]{64}$/);
    expect(custom.DependsOn).toEqual(expect.arrayContaining([clusterId, proxyId]));
    expect(customId).toBeDefined();
    expect(migrateId).toBeDefined();
  });
});

describe('5. chat workflow and API', () => {
  test('an EXPRESS state machine built from the shared definition, logging errors only (no questions or answers) with tracing', () => {
    const [improveId] = functionByService(template, 'rag-chat-improve');
    const [retrieveId] = functionByService(template, 'rag-chat-retrieve');
    const [answerId] = functionByService(template, 'rag-chat-answer');
    const [, stateMachine] = resourceByPrefix(template, 'AWS::StepFunctions::StateMachine', 'ChatWorkflowStateMachine');

    expect(stateMachine.Properties).toMatchObject({
      StateMachineType: 'EXPRESS',
      LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
      DefinitionSubstitutions: {
        ImproveFunctionArn: arnOf(improveId),
        RetrieveFunctionArn: arnOf(retrieveId),
        AnswerFunctionArn: arnOf(answerId),
      },
    });
    const deployed = JSON.parse(stateMachine.Properties!.DefinitionString);
    expect(deployed).toEqual({
      ...buildChatWorkflowDefinition({
        improveFunctionArn: '${ImproveFunctionArn}',
        retrieveFunctionArn: '${RetrieveFunctionArn}',
        answerFunctionArn: '${AnswerFunctionArn}',
      }),
      TimeoutSeconds: CHAT_WORKFLOW_TIMEOUT.toSeconds(),
    });
  });

  test('the state machine may invoke exactly its three functions', () => {
    const [, stateMachine] = resourceByPrefix(template, 'AWS::StepFunctions::StateMachine', 'ChatWorkflowStateMachine');
    const roleId = stateMachine.Properties!.RoleArn['Fn::GetAtt'][0];
    const invoked = statementsOfRole(template, roleId)
      .filter((s) => asArray(s.Action).includes('lambda:InvokeFunction'))
      .flatMap((s) => asArray(s.Resource))
      .map((resource: any) => resource['Fn::GetAtt']?.[0])
      .filter(Boolean);

    expect(new Set(invoked)).toEqual(
      new Set([
        functionByService(template, 'rag-chat-improve')[0],
        functionByService(template, 'rag-chat-retrieve')[0],
        functionByService(template, 'rag-chat-answer')[0],
      ]),
    );
  });

  const methodAt = (pathPart: string, httpMethod: string) => {
    const resources = resourcesOfType(template, 'AWS::ApiGateway::Resource');
    const methods = resourcesOfType(template, 'AWS::ApiGateway::Method');
    const resourceIds = Object.entries(resources)
      .filter(([, r]) => r.Properties!.PathPart === pathPart)
      .map(([id]) => id);
    const match = Object.values(methods).find(
      (m) => m.Properties!.HttpMethod === httpMethod && resourceIds.includes(m.Properties!.ResourceId.Ref),
    );
    if (!match) throw new Error(`No ${httpMethod} method on a resource named ${pathPart}`);
    return match.Properties!;
  };

  test('POST /api/chat starts a synchronous execution through an AWS integration, with a validated body', () => {
    const [stateMachineId] = resourceByPrefix(template, 'AWS::StepFunctions::StateMachine', 'ChatWorkflowStateMachine');
    const chat = methodAt('chat', 'POST');

    expect(chat.AuthorizationType).toBe('COGNITO_USER_POOLS');
    expect(chat.RequestValidatorId).toEqual(ref(resourceByPrefix(template, 'AWS::ApiGateway::RequestValidator', 'ChatApiBodyValidator')[0]));
    expect(chat.RequestModels).toEqual({ 'application/json': ref(resourceByPrefix(template, 'AWS::ApiGateway::Model', 'ChatApiChatRequest')[0]) });
    expect(chat.Integration).toMatchObject({
      Type: 'AWS',
      IntegrationHttpMethod: 'POST',
      PassthroughBehavior: 'NEVER',
      Credentials: arnOf(resourceByPrefix(template, 'AWS::IAM::Role', 'ChatApiChatIntegrationRole')[0]),
    });
    expect(JSON.stringify(chat.Integration.Uri)).toContain(':states:action/StartSyncExecution');
    const requestTemplate = JSON.stringify(chat.Integration.RequestTemplates['application/json']);
    expect(requestTemplate).toContain('stateMachineArn');
    expect(requestTemplate).toContain(stateMachineId);
    expect(requestTemplate).toContain("$input.json('$.message')");
    expect(requestTemplate).toContain("$input.json('$.conversationId')");
  });

  test('the chat response is the workflow output on success, and a contract-shaped error otherwise', () => {
    const chat = methodAt('chat', 'POST');
    const success = chat.Integration.IntegrationResponses.find((r: any) => r.StatusCode === '200');
    const failure = chat.Integration.IntegrationResponses.find((r: any) => r.StatusCode === '502');
    const successTemplate: string = success.ResponseTemplates['application/json'];

    expect(successTemplate).toContain("#if($status == 'SUCCEEDED')\n$input.path('$.output')");
    expect(successTemplate).toContain('#set($context.responseOverride.status = 502)');
    const errorLines = successTemplate.split('\n').filter((line) => line.startsWith('{'));
    expect(errorLines.length).toBe(2);
    for (const line of [...errorLines, failure.ResponseTemplates['application/json']]) {
      expect(JSON.parse(line)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    expect(failure.SelectionPattern).toBe('4\\d{2}|5\\d{2}');
  });

  test('the chat request model accepts only {message, conversationId?}', () => {
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: {
        $schema: 'http://json-schema.org/draft-04/schema#',
        type: 'object',
        required: ['message'],
        additionalProperties: false,
        properties: {
          message: { type: 'string', minLength: 1, maxLength: 4000 },
          conversationId: { type: 'string', minLength: 1, maxLength: 128 },
        },
      },
    });
  });

  test.each([
    ['documents', 'GET', 'rag-documents-api'],
    ['documents', 'POST', 'rag-documents-api'],
    ['{id}', 'DELETE', 'rag-documents-api'],
    ['jobs', 'GET', 'rag-jobs-api'],
    ['{id}', 'GET', 'rag-jobs-api'],
  ])('%s %s goes to the %s Lambda behind the Cognito authorizer', (pathPart, httpMethod, serviceName) => {
    const [functionId] = functionByService(template, serviceName);
    const method = methodAt(pathPart, httpMethod);

    expect(method.AuthorizationType).toBe('COGNITO_USER_POOLS');
    expect(method.AuthorizerId).toEqual(ref(resourceByPrefix(template, 'AWS::ApiGateway::Authorizer', 'ChatApiAuthorizer')[0]));
    expect(method.Integration.Type).toBe('AWS_PROXY');
    expect(JSON.stringify(method.Integration.Uri)).toContain(functionId);
  });

  test('GET /api/health is the only open route: a mock answering {"status":"ok"}', () => {
    const health = methodAt('health', 'GET');
    const open = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method')).filter(
      (m) => m.Properties!.AuthorizationType !== 'COGNITO_USER_POOLS',
    );

    expect(health.AuthorizationType).toBe('NONE');
    expect(health.Integration.Type).toBe('MOCK');
    expect(JSON.parse(health.Integration.IntegrationResponses[0].ResponseTemplates['application/json'])).toEqual({ status: 'ok' });
    expect(open).toHaveLength(1);
  });

  test('the Cognito authorizer validates tokens of the stack user pool, which has no self sign-up and a strict password policy', () => {
    const [userPoolId] = resourceByPrefix(template, 'AWS::Cognito::UserPool', 'ChatApiUserPool');

    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS', ProviderARNs: [arnOf(userPoolId)] });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true, RequireUppercase: true }) },
      MfaConfiguration: 'OPTIONAL',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false });
  });

  test('the stage has access logs, tracing, method logging and throttling', () => {
    const [accessLogsId] = resourceByPrefix(template, 'AWS::Logs::LogGroup', 'ChatApiAccessLogs');

    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          ThrottlingRateLimit: synthesized.config.api.throttlingRateLimit,
          ThrottlingBurstLimit: synthesized.config.api.throttlingBurstLimit,
        }),
      ],
    });
    const [, stage] = resourceByPrefix(template, 'AWS::ApiGateway::Stage', 'ChatApiDeploymentStage');
    expect(JSON.stringify(stage.Properties!.AccessLogSetting.DestinationArn)).toContain(accessLogsId);
  });

  test.each(['BAD_REQUEST_BODY', 'UNAUTHORIZED', 'ACCESS_DENIED', 'THROTTLED', 'INTEGRATION_TIMEOUT'])(
    'API Gateway %s errors use the contract error shape',
    (responseType) => {
      const response = Object.values(resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse')).find(
        (r) => r.Properties!.ResponseType === responseType,
      )!;

      expect(JSON.parse(response.Properties!.ResponseTemplates['application/json'])).toEqual({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    },
  );
});

describe('6. chat site', () => {
  test('CloudFront serves the private site bucket through origin access control and /api/* from API Gateway', () => {
    const [, distribution] = resourceByPrefix(template, 'AWS::CloudFront::Distribution', 'SiteDistribution');
    const config = distribution.Properties!.DistributionConfig;
    const s3Origin = config.Origins.find((o: any) => o.S3OriginConfig);
    const apiOrigin = config.Origins.find((o: any) => o.CustomOriginConfig);
    const apiBehavior = config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');

    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SiteDistributionOrigin1S3OriginAccessControl/), 'Id'] });
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(s3Origin.Id);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(apiBehavior.TargetOriginId).toBe(apiOrigin.Id);
    // The origin path is the stage segment of the API URL ("/prod"), so /api/chat reaches /prod/api/chat.
    expect(JSON.stringify(apiOrigin.OriginPath)).toContain('{"Fn::Select":[3,{"Fn::Split":["/"');
    expect(JSON.stringify(apiOrigin.OriginPath)).toContain(resourceByPrefix(template, 'AWS::ApiGateway::Stage', 'ChatApiDeploymentStage')[0]);
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(apiBehavior).toMatchObject({
      // Managed policies: CachingDisabled and AllViewerExceptHostHeader (forwards Authorization, not Host).
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      ViewerProtocolPolicy: 'https-only',
    });
    expect(apiBehavior.FunctionAssociations).toBeUndefined();
    expect(config.Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  test('only this distribution may read the site bucket', () => {
    const [siteBucketId] = resourceByPrefix(template, 'AWS::S3::Bucket', 'SiteBucket');
    const [distributionId] = resourceByPrefix(template, 'AWS::CloudFront::Distribution', 'SiteDistribution');
    const policy = Object.values(resourcesOfType(template, 'AWS::S3::BucketPolicy')).find((p) => p.Properties!.Bucket.Ref === siteBucketId)!;
    const allows = policy.Properties!.PolicyDocument.Statement.filter(
      (s: any) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('Service'),
    );

    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': expect.objectContaining({ 'Fn::Join': expect.any(Array) }) } },
      }),
    ]);
    expect(JSON.stringify(allows)).toContain(distributionId);
  });

  test('the default certificate is used without a custom domain (TLS minimum set only with one)', () => {
    const [, distribution] = resourceByPrefix(template, 'AWS::CloudFront::Distribution', 'SiteDistribution');

    expect(distribution.Properties!.DistributionConfig.ViewerCertificate).toBeUndefined();
    expect(distribution.Properties!.DistributionConfig.Aliases).toBeUndefined();
  });

  test('the site and a runtime config.json with the API URL and Cognito ids are deployed beside it', () => {
    const [userPoolId] = resourceByPrefix(template, 'AWS::Cognito::UserPool', 'ChatApiUserPool');
    const [clientId] = resourceByPrefix(template, 'AWS::Cognito::UserPoolClient', 'ChatApiUserPoolWebClient');
    const [, deployment] = resourceByPrefix(template, 'Custom::CDKBucketDeployment', 'SiteDeployment');

    expect(deployment.Properties!.SourceObjectKeys).toHaveLength(2);
    expect(deployment.Properties!.DistributionPaths).toEqual(['/*']);
    const markers = JSON.stringify(deployment.Properties!.SourceMarkers);
    expect(markers).toContain(userPoolId);
    expect(markers).toContain(clientId);
    expect(synthesized.stack.site.siteBuilt).toBe(false);
  });
});

describe('7. alerts', () => {
  test('one encrypted SNS topic with the configured email subscription', () => {
    const [topicId] = resourceByPrefix(template, 'AWS::SNS::Topic', 'AlertsTopic');

    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: ref(topicId) });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('every alarm notifies the topic', () => {
    const [topicId] = resourceByPrefix(template, 'AWS::SNS::Topic', 'AlertsTopic');
    const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm'));

    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.Properties!.AlarmActions).toEqual([ref(topicId)]);
  });

  const alarmsOn = (metricName: string) =>
    Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).filter((a) => a.Properties!.MetricName === metricName);

  test('both dead-letter queues alarm as soon as they hold a message', () => {
    const dlqAlarms = alarmsOn('ApproximateNumberOfMessagesVisible');
    const watched = dlqAlarms.map((a) => a.Properties!.Dimensions[0].Value['Fn::GetAtt'][0]).sort();

    expect(watched).toEqual(
      [resourceByPrefix(template, 'AWS::SQS::Queue', 'IngestDeadLetterQueue')[0], resourceByPrefix(template, 'AWS::SQS::Queue', 'IngestRuleDeadLetterQueue')[0]].sort(),
    );
    for (const alarm of dlqAlarms) expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  test.each(['Errors', 'Throttles'])('every product function has a %s alarm', (metricName) => {
    const watched = alarmsOn(metricName).map((a) => a.Properties!.Dimensions[0].Value.Ref).sort();

    expect(watched).toEqual(Object.keys(ragFunctions(template)).sort());
  });

  test.each([
    ['ExecutionsFailed', 'AWS/States'],
    ['ExecutionsTimedOut', 'AWS/States'],
    ['5XXError', 'AWS/ApiGateway'],
    ['ServerlessDatabaseCapacity', 'AWS/RDS'],
    ['ACUUtilization', 'AWS/RDS'],
  ])('an alarm watches %s (%s)', (metricName, namespace) => {
    expect(alarmsOn(metricName)).toEqual([expect.objectContaining({ Properties: expect.objectContaining({ Namespace: namespace }) })]);
  });
});

describe('8. secrets and providers', () => {
  test('with Bedrock there is no OpenAI secret; model functions may invoke exactly the configured models', () => {
    const secrets = Object.keys(resourcesOfType(template, 'AWS::SecretsManager::Secret'));
    expect(secrets).toEqual([expect.stringContaining('VectorDatabaseClusterSecret')]);

    for (const service of ['rag-ingest', 'rag-chat-improve', 'rag-chat-retrieve', 'rag-chat-answer']) {
      const [, fn] = functionByService(template, service);
      const bedrock = statementsOfRole(template, roleOfFunction(fn)).filter((s) => asArray(s.Action).includes('bedrock:InvokeModel'));
      const resources = JSON.stringify(bedrock.flatMap((s) => asArray(s.Resource)));
      expect(resources).toContain('foundation-model/amazon.titan-embed-text-v2:0');
      expect(resources).toContain('inference-profile/us.amazon.nova-lite-v1:0');
      expect(resources).toContain('foundation-model/amazon.nova-lite-v1:0');
      expect(resources).not.toMatch(/foundation-model\/\*/);
      expect(fn.Properties!.Environment.Variables).toMatchObject({
        EMBEDDINGS_PROVIDER: 'bedrock',
        CHAT_PROVIDER: 'bedrock',
        BEDROCK_EMBEDDING_MODEL_ID: 'amazon.titan-embed-text-v2:0',
        BEDROCK_CHAT_MODEL_ID: 'us.amazon.nova-lite-v1:0',
        EMBEDDING_DIMENSIONS: '1024',
      });
    }
  });

  test('functions that do not call models get no model permissions', () => {
    for (const service of ['rag-documents-api', 'rag-jobs-api', 'rag-migrate']) {
      const [, fn] = functionByService(template, service);
      const actions = statementsOfRole(template, roleOfFunction(fn)).flatMap((s) => asArray(s.Action));
      expect(actions.some((action: string) => action.startsWith('bedrock:'))).toBe(false);
    }
  });
});

describe('Lambda functions', () => {
  test('the seven product functions exist', () => {
    expect(Object.values(ragFunctions(template)).map((fn) => fn.Properties!.Environment.Variables.POWERTOOLS_SERVICE_NAME).sort()).toEqual([
      'rag-chat-answer',
      'rag-chat-improve',
      'rag-chat-retrieve',
      'rag-documents-api',
      'rag-ingest',
      'rag-jobs-api',
      'rag-migrate',
    ]);
  });

  test('every product function runs nodejs22.x on arm64 with explicit memory and timeout, tracing and a retained log group', () => {
    const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    for (const fn of Object.values(ragFunctions(template))) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        MemorySize: expect.any(Number),
        Timeout: expect.any(Number),
      });
      const logGroupId = fn.Properties!.LoggingConfig.LogGroup.Ref;
      expect(logGroups[logGroupId]!.Properties!.RetentionInDays).toBe(30);
      expect(fn.Properties!.Environment.Variables).toMatchObject({
        POWERTOOLS_METRICS_NAMESPACE: 'RagDocbot',
        LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      });
    }
  });

  test('functions that use the database run in the VPC with the RAG_DB_* settings; the others stay out', () => {
    const functions = Object.values(resourcesOfType(template, 'AWS::Lambda::Function'));
    const withDatabase = functions.filter((fn) => fn.Properties?.Environment?.Variables?.RAG_DB_HOST !== undefined);
    const withoutDatabase = functions.filter((fn) => fn.Properties?.Environment?.Variables?.RAG_DB_HOST === undefined);
    const [clientSgId] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseClientSecurityGroup');
    const [proxyId] = resourceByPrefix(template, 'AWS::RDS::DBProxy', 'VectorDatabaseProxy');

    expect(withDatabase).toHaveLength(7);
    for (const fn of withDatabase) {
      expect(fn.Properties!.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [clientSgId, 'GroupId'] }]);
      expect(fn.Properties!.Environment.Variables).toMatchObject({
        RAG_DB_HOST: { 'Fn::GetAtt': [proxyId, 'Endpoint'] },
        RAG_DB_PORT: '5432',
        RAG_DB_NAME: 'rag',
        RAG_DB_SECRET_ARN: ref(resourceByPrefix(template, 'AWS::SecretsManager::SecretTargetAttachment', 'VectorDatabaseClusterSecretAttachment')[0]),
        RAG_DB_SSL: 'verify-full',
      });
    }
    expect(withoutDatabase.length).toBeGreaterThan(0);
    for (const fn of withoutDatabase) expect(fn.Properties?.VpcConfig).toBeUndefined();
  });
});

describe('stack outputs', () => {
  test.each(['SftpEndpoint', 'SiteUrl', 'ApiUrl', 'ApiGatewayUrl', 'UserPoolId', 'UserPoolClientId', 'RawBucketName', 'AlarmTopicArn'])(
    'exports %s',
    (name) => {
      template.hasOutput(name, { Value: Match.anyValue() });
    },
  );

  test('no OpenAI secret output with Bedrock', () => {
    expect(Object.keys(template.findOutputs('*'))).not.toContain('OpenAiApiKeySecretArn');
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
