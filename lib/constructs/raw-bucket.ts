import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface RawBucketProps {
  readonly accessLogsBucket: IBucket;
  /** @default RemovalPolicy.DESTROY (objects deleted too) */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Origins allowed to PUT through presigned URLs. The presigned signature is what authorises
   * an upload; CORS only lets browsers send it.
   * @default ['*']
   */
  readonly uploadOrigins?: string[];
  /** How long replaced or deleted versions are kept. @default Duration.days(30) */
  readonly noncurrentVersionExpiration?: Duration;
}

/**
 * The landing zone for documents: SFTP uploads and API uploads. Every change is announced on
 * EventBridge, which feeds the ingest queue.
 */
export class RawBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: RawBucketProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    this.bucket = new Bucket(this, 'Bucket', {
      eventBridgeEnabled: true,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'raw-bucket/',
      lifecycleRules: [
        {
          noncurrentVersionExpiration: props.noncurrentVersionExpiration ?? Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: props.uploadOrigins ?? ['*'],
          allowedHeaders: ['*'],
          maxAge: 3000,
        },
      ],
      removalPolicy,
      autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
    });
  }
}
