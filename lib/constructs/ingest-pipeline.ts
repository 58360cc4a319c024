import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DatabaseConnection } from './database-connection.js';
import type { ModelProvider } from './model-provider.js';
import { nagRef } from './nag-ref.js';
import { LAMBDA_ENTRY_FILES, RagFunction } from './rag-function.js';
import { LAMBDA_ENV, type LambdaOcrProvider } from '#core/config/environment-contract.js';

/** A message that failed this many times is parked in the DLQ for a person to look at. */
/** The ingest function's service name: the `service` dimension of the ingest metrics it emits. */
export const INGEST_SERVICE_NAME = 'rag-ingest';

export const INGEST_MAX_RECEIVE_COUNT = 5;

/** AWS guidance: visibility timeout at least six times the function timeout, so retries of a throttled batch do not redeliver it early. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export interface IngestPipelineProps {
  readonly rawBucket: IBucket;
  readonly database: DatabaseConnection;
  readonly modelProvider: ModelProvider;
  /** The collection each SFTP user's folder files documents under. @default - none: drops go to `default` */
  readonly dropCollections?: Readonly<Record<string, string>>;
  /**
   * Ceiling on concurrent ingest functions. Each instance holds one database pool, so this is
   * what keeps a burst of uploads from taking every connection the chat path needs.
   * @default 4
   */
  readonly maxConcurrency?: number;
  /** @default 5 */
  readonly batchSize?: number;
  /** @default Duration.seconds(5) */
  readonly batchingWindow?: Duration;
  /** PDF parsing and embedding a large document take time. @default Duration.minutes(5) */
  readonly functionTimeout?: Duration;
  /** @default 2048 */
  readonly memorySize?: number;
  /** The engine that reads scanned PDF pages and images. @default 'textract' */
  readonly ocr?: LambdaOcrProvider;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * S3 "Object Created"/"Object Deleted" events → EventBridge rule → SQS ingest queue → ingest
 * Lambda, with a DLQ on the queue and another on the rule's target.
 */
export class IngestPipeline extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** Events EventBridge could not deliver to the queue. */
  readonly ruleDeadLetterQueue: Queue;
  readonly rule: Rule;
  readonly ingestFunction: RagFunction;

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);
    const functionTimeout = props.functionTimeout ?? Duration.minutes(5);
    const batchingWindow = props.batchingWindow ?? Duration.seconds(5);
    const ocr = props.ocr ?? 'textract';

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(functionTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR + batchingWindow.toSeconds()),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: INGEST_MAX_RECEIVE_COUNT },
    });

    this.ruleDeadLetterQueue = new Queue(this, 'RuleDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.ruleDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the EventBridge rule target (not of another queue, which is what the rule looks for); its depth alarm notifies operators.',
    });

    this.rule = new Rule(this, 'ObjectEvents', {
      description: 'Raw bucket object created/deleted → ingest queue',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created', 'Object Deleted'],
        detail: { bucket: { name: [props.rawBucket.bucketName] } },
      },
      targets: [
        new SqsQueue(this.queue, {
          deadLetterQueue: this.ruleDeadLetterQueue,
          retryAttempts: 10,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    this.ingestFunction = new RagFunction(this, 'Function', {
      entryFile: LAMBDA_ENTRY_FILES.ingest,
      description: 'Ingests raw bucket changes from the ingest queue: parse, clean, chunk, embed, store',
      serviceName: INGEST_SERVICE_NAME,
      memorySize: props.memorySize ?? 2048,
      timeout: functionTimeout,
      database: props.database,
      logLevel: props.logLevel ?? 'INFO',
      logRetention: props.logRetention ?? RetentionDays.ONE_MONTH,
      logRemovalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
      environment: {
        [LAMBDA_ENV.rawBucket]: props.rawBucket.bucketName,
        // The queue's own limit, so the function knows a last attempt (the next failure dead-letters it).
        [LAMBDA_ENV.maxReceiveCount]: String(INGEST_MAX_RECEIVE_COUNT),
        [LAMBDA_ENV.ocrProvider]: ocr,
        ...props.modelProvider.environment,
        [LAMBDA_ENV.dropCollections]: JSON.stringify(props.dropCollections ?? {}),
      },
    });
    props.modelProvider.grantInvoke(this.ingestFunction);
    this.ingestFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [props.rawBucket.arnForObjects('*')],
      }),
    );
    // Without s3:ListBucket, S3 answers 403 instead of 404 for a key that does not exist. Ingest asks about keys
    // that may be missing (the URL-encoded form of an event's key, a deleted object), and must tell "gone" from
    // "forbidden"; a 403 there made every upload whose name has a space or a parenthesis retry until dead-lettered.
    this.ingestFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.rawBucket.bucketArn] }));
    if (ocr === 'textract') {
      // Textract's text detection has no resource-level permissions. It reads a scanned PDF from the raw bucket
      // with the caller's own rights: the s3:GetObject above (the bucket is S3-managed encrypted, so no KMS grant).
      this.ingestFunction.addToRolePolicy(
        new PolicyStatement({
          actions: ['textract:DetectDocumentText', 'textract:StartDocumentTextDetection', 'textract:GetDocumentTextDetection'],
          resources: ['*'],
        }),
      );
    }
    Validations.of(this.ingestFunction.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagRef(this, props.rawBucket.bucketArn)}/*]`,
      reason: 'Ingest reads whichever object an event names; any key of the raw bucket can be a document. Read-only.',
    });

    this.ingestFunction.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 5,
        maxBatchingWindow: batchingWindow,
        reportBatchItemFailures: true,
        // Connection budget: each concurrent instance opens one pool (a few connections) through
        // RDS Proxy. Capping ingest concurrency keeps bulk uploads from starving chat requests;
        // the queue absorbs the backlog instead.
        maxConcurrency: props.maxConcurrency ?? 4,
      }),
    );
  }
}
