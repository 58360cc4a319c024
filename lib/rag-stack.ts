import { Aspects, CfnOutput, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { providerModels, sftpDropCollections, type DeploymentConfig } from './config/index.js';
import { AccessLogsBucket } from './constructs/access-logs-bucket.js';
import { Alerts } from './constructs/alerts.js';
import { OperationsDashboard } from './constructs/operations-dashboard.js';
import { ChatApi, FEEDBACK_SERVICE_NAME } from './constructs/chat-api.js';
import { ChatSite } from './constructs/chat-site.js';
import { ANSWER_SERVICE_NAME, ChatWorkflow } from './constructs/chat-workflow.js';
import { DocumentDrop } from './constructs/document-drop.js';
import { INGEST_SERVICE_NAME, IngestPipeline } from './constructs/ingest-pipeline.js';
import { LogRetentionAspect } from './constructs/log-retention-aspect.js';
import { ModelProvider } from './constructs/model-provider.js';
import { nagRef } from './constructs/nag-ref.js';
import { PrivateNetwork } from './constructs/private-network.js';
import { METRICS_NAMESPACE } from './constructs/rag-function.js';
import { RawBucket } from './constructs/raw-bucket.js';
import { VectorDatabase, databaseRoleName } from './constructs/vector-database.js';

export interface RagStackProps extends StackProps {
  readonly config: DeploymentConfig;
  /** Directory of the built site. @default frontend/dist (a placeholder page when missing) */
  readonly siteDir?: string;
}

/**
 * The whole product on AWS: SFTP drop → raw bucket → EventBridge → SQS → ingest Lambda →
 * Aurora pgvector; API Gateway → Step Functions chat workflow; CloudFront site; alarms.
 */
export class RagStack extends Stack {
  readonly config: DeploymentConfig;
  readonly network: PrivateNetwork;
  readonly modelProvider: ModelProvider;
  readonly rawBucket: RawBucket;
  /** The SFTP drop; absent when `sftp.enabled` is false. */
  readonly documentDrop?: DocumentDrop;
  readonly database: VectorDatabase;
  readonly ingest: IngestPipeline;
  readonly chatWorkflow: ChatWorkflow;
  readonly chatApi: ChatApi;
  readonly site: ChatSite;
  readonly alerts: Alerts;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: RagStackProps) {
    const { config, siteDir, ...stackProps } = props;
    super(scope, id, {
      description: 'RAG document chatbot: SFTP drop, pgvector on Aurora, Step Functions chat workflow, CloudFront site',
      ...stackProps,
    });
    this.config = config;
    const production = config.stage === 'prod';
    const dataRemovalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = config.logRetentionDays as RetentionDays;
    const logs = { logLevel: config.logLevel, logRetention, logRemovalPolicy: dataRemovalPolicy };
    const models = providerModels(config);

    this.network = new PrivateNetwork(this, 'Network', {
      // OpenAI lives on the internet: the functions need a NAT gateway. Bedrock is reached
      // through an interface endpoint, so that VPC has no route out at all.
      internetEgress: config.provider === 'openai',
      bedrockEndpoint: config.provider === 'bedrock',
      // Without egress, ingest reaches Textract only through an endpoint.
      textractEndpoint: config.provider === 'bedrock' && config.ingest.ocr === 'textract',
      flowLogRetention: logRetention,
      removalPolicy: dataRemovalPolicy,
    });

    this.modelProvider = new ModelProvider(this, 'ModelProvider', {
      provider: config.provider,
      embeddingModel: models.embeddingModel,
      chatModel: models.chatModel,
      embeddingDimensions: config.embeddingDimensions,
      ...(config.openai.baseUrl ? { openAiBaseUrl: config.openai.baseUrl } : {}),
      removalPolicy: dataRemovalPolicy,
    });

    const accessLogs = new AccessLogsBucket(this, 'AccessLogs', { removalPolicy: dataRemovalPolicy });
    this.rawBucket = new RawBucket(this, 'RawBucket', {
      accessLogsBucket: accessLogs.bucket,
      removalPolicy: dataRemovalPolicy,
      ...(config.site.domainName ? { uploadOrigins: [`https://${config.site.domainName}`] } : {}),
    });

    if (config.sftp.enabled) {
      this.documentDrop = new DocumentDrop(this, 'DocumentDrop', {
        bucket: this.rawBucket.bucket,
        users: config.sftpUsers,
        logRetention,
        logRemovalPolicy: dataRemovalPolicy,
      });
    }

    this.database = new VectorDatabase(this, 'VectorDatabase', {
      network: this.network,
      minCapacityAcu: config.database.minCapacityAcu,
      maxCapacityAcu: config.database.maxCapacityAcu,
      autoPause: Duration.minutes(config.database.autoPauseMinutes),
      useRdsProxy: config.database.useRdsProxy,
      production,
      migrationEnvironment: this.modelProvider.catalogEnvironment,
      ...logs,
    });

    this.ingest = new IngestPipeline(this, 'Ingest', {
      rawBucket: this.rawBucket.bucket,
      database: this.database.connectionAs(databaseRoleName(INGEST_SERVICE_NAME)),
      modelProvider: this.modelProvider,
      ...(config.sftp.enabled ? { dropCollections: sftpDropCollections(config) } : {}),
      maxConcurrency: config.ingest.maxConcurrency,
      batchSize: config.ingest.batchSize,
      batchingWindow: Duration.seconds(config.ingest.batchingWindowSeconds),
      ocr: config.ingest.ocr,
      ...logs,
    });

    this.chatWorkflow = new ChatWorkflow(this, 'ChatWorkflow', {
      database: this.database.connectionAs(databaseRoleName(ANSWER_SERVICE_NAME)),
      modelProvider: this.modelProvider,
      access: config.access,
      ...logs,
    });

    this.chatApi = new ChatApi(this, 'ChatApi', {
      stateMachine: this.chatWorkflow.stateMachine,
      database: this.database.connectionAs(databaseRoleName(FEEDBACK_SERVICE_NAME)),
      rawBucket: this.rawBucket.bucket,
      modelEnvironment: this.modelProvider.catalogEnvironment,
      throttlingRateLimit: config.api.throttlingRateLimit,
      throttlingBurstLimit: config.api.throttlingBurstLimit,
      mfa: config.auth.mfa,
      access: config.access,
      insightsRetentionDays: config.insightsRetentionDays,
      ...(config.auth.identityProviders.length > 0 && config.auth.domainPrefix
        ? {
            federation: {
              identityProviders: config.auth.identityProviders,
              domainPrefix: config.auth.domainPrefix,
              callbackUrls: config.auth.callbackUrls,
            },
          }
        : {}),
      production,
      ...logs,
    });

    this.site = new ChatSite(this, 'Site', {
      api: this.chatApi.api,
      userPoolId: this.chatApi.userPool.userPoolId,
      userPoolClientId: this.chatApi.userPoolClient.userPoolClientId,
      accessLogsBucket: accessLogs.bucket,
      uploadOrigin: `https://${this.rawBucket.bucket.bucketRegionalDomainName}`,
      ...(config.site.domainName && config.site.certificateArn ? { domainName: config.site.domainName, certificateArn: config.site.certificateArn } : {}),
      ...(siteDir ? { siteDir } : {}),
      removalPolicy: dataRemovalPolicy,
    });

    this.dashboard = new OperationsDashboard(this, 'Operations', {
      metricsNamespace: METRICS_NAMESPACE,
      answerServiceName: ANSWER_SERVICE_NAME,
      ingestServiceName: INGEST_SERVICE_NAME,
      feedbackServiceName: FEEDBACK_SERVICE_NAME,
      ingestQueue: this.ingest.queue,
      ingestDeadLetterQueue: this.ingest.deadLetterQueue,
      stateMachine: this.chatWorkflow.stateMachine,
      apiStage: this.chatApi.api.deploymentStage,
    });

    this.alerts = new Alerts(this, 'Alerts', {
      email: config.alertEmail,
      ingestQueue: this.ingest.queue,
      notFoundRate: this.dashboard.notFoundRate,
      deadLetterQueues: {
        IngestDeadLetterQueue: this.ingest.deadLetterQueue,
        IngestRuleDeadLetterQueue: this.ingest.ruleDeadLetterQueue,
      },
      functions: {
        IngestFunction: this.ingest.ingestFunction,
        ImproveFunction: this.chatWorkflow.improveFunction,
        RetrieveFunction: this.chatWorkflow.retrieveFunction,
        AnswerFunction: this.chatWorkflow.answerFunction,
        DocumentsFunction: this.chatApi.documentsFunction,
        JobsFunction: this.chatApi.jobsFunction,
        FeedbackFunction: this.chatApi.feedbackFunction,
        MigrationFunction: this.database.migrationFunction,
      },
      stateMachine: this.chatWorkflow.stateMachine,
      apiStage: this.chatApi.api.deploymentStage,
      databaseCluster: this.database.cluster,
      databaseMaxCapacityAcu: config.database.maxCapacityAcu,
      removalPolicy: dataRemovalPolicy,
    });

    this.addOutputs();
    acknowledgeLibraryFunctions(this);
    Aspects.of(this).add(new LogRetentionAspect(config.logRetentionDays, dataRemovalPolicy));
  }

  private addOutputs(): void {
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    if (this.documentDrop) {
      output('SftpEndpoint', this.documentDrop.endpoint, 'SFTP host name: sftp <user>@<this host>');
      output('SftpServerId', this.documentDrop.server.attrServerId, 'Transfer Family server id');
    }
    output('SiteUrl', this.site.url, 'The chat web site');
    output('ApiUrl', `${this.site.url}/api`, 'HTTP API through CloudFront (same origin as the site)');
    output('ApiGatewayUrl', this.chatApi.api.url, 'HTTP API straight at API Gateway (append api/…)');
    output('UserPoolId', this.chatApi.userPool.userPoolId, 'Cognito user pool: create users here');
    output('UserPoolClientId', this.chatApi.userPoolClient.userPoolClientId, 'Cognito app client of the web site');
    output('RawBucketName', this.rawBucket.bucket.bucketName, 'Raw documents (SFTP users write under <user>/)');
    output('IngestQueueUrl', this.ingest.queue.queueUrl, 'Ingest queue');
    output('AlarmTopicArn', this.alerts.topic.topicArn, 'SNS topic every alarm goes to');
    if (this.modelProvider.openAiApiKeySecret) {
      output('OpenAiApiKeySecretArn', this.modelProvider.openAiApiKeySecret.secretArn, 'Put the OpenAI API key into this secret');
    }
  }
}

/**
 * Functions aws-cdk-lib adds as stack-level singletons (site deployment, bucket notification
 * setup, auto-delete of dev buckets): their runtime, managed policy and grants are the
 * library's, not ours.
 */
function acknowledgeLibraryFunctions(stack: RagStack): void {
  const common = (what: string) => [
    { id: 'AwsSolutions-L1', reason: `The aws-cdk-lib function for ${what} pins its own runtime.` },
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: `The aws-cdk-lib function for ${what} uses the AWS-managed policy only to write its own logs.`,
    },
  ];
  const qualifier = (stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const siteBucket = nagRef(stack, stack.site.bucket.bucketArn);
  const deploymentGrants = [
    ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `aws-cdk-lib's BucketDeployment grants ${action} to copy the site from the asset bucket into the site bucket and prune old files.`,
    })),
    {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*]`,
      reason: 'BucketDeployment reads the site asset from the CDK bootstrap asset bucket.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${siteBucket}/*]`,
      reason: 'BucketDeployment writes and prunes every file of the site bucket.',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'BucketDeployment creates the CloudFront invalidation; cloudfront:CreateInvalidation/GetInvalidation are granted on "*" by aws-cdk-lib.',
    },
  ];
  const singletons: { prefix: string; acknowledgements: { id: string; reason: string }[] }[] = [
    { prefix: 'Custom::CDKBucketDeployment', acknowledgements: [...common('BucketDeployment (copies the site into its bucket)'), ...deploymentGrants] },
    { prefix: 'Custom::S3AutoDeleteObjectsCustomResourceProvider', acknowledgements: common('auto-delete of dev buckets on stack deletion') },
    { prefix: 'BucketNotificationsHandler', acknowledgements: common('turning on EventBridge notifications of the raw bucket') },
  ];
  for (const child of stack.node.children as IConstruct[]) {
    const singleton = singletons.find((candidate) => child.node.id.startsWith(candidate.prefix));
    if (singleton) Validations.of(child).acknowledge(...singleton.acknowledgements);
  }
}
