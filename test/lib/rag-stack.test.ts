import { Match, type Template } from 'aws-cdk-lib/assertions';
import {
  asArray,
  functionByService,
  ragFunctions,
  ref,
  resourceByPrefix,
  resourcesOfType,
  roleOfFunction,
  statementsOfRole,
  synthRagStack,
  unacknowledgedNagFindings,
  type SynthesizedStack,
  SYNTH_HOOK_TIMEOUT_MS,
} from './synth-stack.js';

// One synthesis for the whole file, of the default shape (Bedrock, dev stage, RDS Proxy on).
// This file checks the chat site, alerts, model permissions, the functions, outputs and cdk-nag.
let synthesized: SynthesizedStack;
let template: Template;

beforeAll(() => {
  synthesized = synthRagStack();
  template = synthesized.template;
}, SYNTH_HOOK_TIMEOUT_MS);

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
    const allows = policy.Properties!.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('Service'));

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
      [
        resourceByPrefix(template, 'AWS::SQS::Queue', 'IngestDeadLetterQueue')[0],
        resourceByPrefix(template, 'AWS::SQS::Queue', 'IngestRuleDeadLetterQueue')[0],
      ].sort(),
    );
    for (const alarm of dlqAlarms) expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  test.each(['Errors', 'Throttles'])('every product function has a %s alarm', (metricName) => {
    const watched = alarmsOn(metricName)
      .map((a) => a.Properties!.Dimensions[0].Value.Ref)
      .sort();

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

describe('7b. operations dashboard and insight alarms', () => {
  test('an alarm fires when an ingest message has waited a day (the queue keeps messages four days)', () => {
    const [queueId] = resourceByPrefix(template, 'AWS::SQS::Queue', 'IngestQueue');
    const ageAlarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties!.MetricName === 'ApproximateAgeOfOldestMessage',
    );

    expect(ageAlarms).toHaveLength(1);
    expect(ageAlarms[0]!.Properties).toMatchObject({ Threshold: 86_400, Dimensions: [{ Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }] });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 4 * 86_400 });
  });

  test("a not-found spike alarm reads the answer function's metrics as a rate over ten or more questions an hour", () => {
    const spike = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).find((a) => a.Properties!.Metrics);
    const metrics = spike!.Properties!.Metrics as {
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: unknown } };
    }[];

    expect(spike!.Properties).toMatchObject({ Threshold: 50, EvaluationPeriods: 3, ComparisonOperator: 'GreaterThanThreshold' });
    expect(metrics.find((m) => m.Expression)!.Expression).toBe('IF(questions >= 10, 100 * notFound / questions, 0)');
    expect(metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat!.Metric)).toEqual(
      expect.arrayContaining([
        { MetricName: 'Questions', Namespace: 'RagDocbot', Dimensions: [{ Name: 'service', Value: 'rag-chat-answer' }] },
        { MetricName: 'QuestionsNotFound', Namespace: 'RagDocbot', Dimensions: [{ Name: 'service', Value: 'rag-chat-answer' }] },
      ]),
    );
  });

  test('one dashboard shows questions, not-found rate, tokens, step latency, the ingest queue and API errors', () => {
    const dashboards = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboards[0]!.Properties!.DashboardBody);

    expect(dashboards).toHaveLength(1);
    for (const title of [
      'Chat turns and questions',
      'Not-found rate',
      'Tokens',
      'Chat step latency',
      'Ingest queue',
      'API and chat workflow errors',
      'Documents indexed and failed',
      'Ratings',
    ]) {
      expect(body).toContain(title);
    }
    for (const metric of [
      'QuestionsNotFound',
      'EmbeddingTokens',
      'LlmInputTokens',
      'RetrieveMs',
      'ChatTotalMs',
      'ApproximateAgeOfOldestMessage',
      '5XXError',
      'DocumentsIndexed',
      'IngestFailures',
      'RatingsDown',
      'rag-ingest',
      'rag-feedback-api',
    ]) {
      expect(body).toContain(metric);
    }
  });
});

describe('8. secrets and providers', () => {
  test('with Bedrock there is no OpenAI secret; model functions may invoke exactly the configured models', () => {
    const secrets = Object.keys(resourcesOfType(template, 'AWS::SecretsManager::Secret'));
    // The master secret and one login secret per database user; no OpenAI key.
    expect(secrets.sort()).toEqual([
      expect.stringContaining('VectorDatabaseClusterSecret'),
      expect.stringContaining('VectorDatabaseLoginragapi'),
      expect.stringContaining('VectorDatabaseLoginragchat'),
      expect.stringContaining('VectorDatabaseLoginragingest'),
    ]);

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
  test('the eight product functions exist', () => {
    expect(
      Object.values(ragFunctions(template))
        .map((fn) => fn.Properties!.Environment.Variables.POWERTOOLS_SERVICE_NAME)
        .sort(),
    ).toEqual([
      'rag-chat-answer',
      'rag-chat-improve',
      'rag-chat-retrieve',
      'rag-documents-api',
      'rag-feedback-api',
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
        POWERTOOLS_LOG_LEVEL: 'INFO',
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

    expect(withDatabase).toHaveLength(8);
    for (const fn of withDatabase) {
      expect(fn.Properties!.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [clientSgId, 'GroupId'] }]);
      expect(fn.Properties!.Environment.Variables).toMatchObject({
        RAG_DB_HOST: { 'Fn::GetAtt': [proxyId, 'Endpoint'] },
        RAG_DB_PORT: '5432',
        RAG_DB_NAME: 'rag',
        RAG_DB_SSL: 'verify-full',
      });
      // Which secret each function reads (its own user's, the master only for the migration) is
      // asserted in rag-stack-database.test.ts.
      expect(fn.Properties!.Environment.Variables.RAG_DB_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^VectorDatabase(Login|ClusterSecretAttachment)/) });
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
