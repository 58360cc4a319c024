import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnServer, CfnUser } from 'aws-cdk-lib/aws-transfer';
import { Construct } from 'constructs';
import { nagRef } from './nag-ref.js';

export interface SftpUser {
  /** Transfer Family user name; also the user's folder in the raw bucket. */
  readonly userName: string;
  /** One OpenSSH public key line. */
  readonly sshPublicKey: string;
}

export interface DocumentDropProps {
  /** Where uploads land: `s3://<bucket>/<userName>/…`. */
  readonly bucket: IBucket;
  /** @default - no users (add them to the config and deploy again) */
  readonly users?: SftpUser[];
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Transfer Family security policy (ciphers, key exchange). @default 'TransferSecurityPolicy-2024-01' */
  readonly securityPolicyName?: string;
}

/**
 * An AWS Transfer Family SFTP server with service-managed users. Each user sees a virtual
 * root that is their own folder of the raw bucket, and their role can touch nothing else.
 */
export class DocumentDrop extends Construct {
  readonly server: CfnServer;
  readonly users: CfnUser[] = [];
  /** Host name SFTP clients connect to. */
  readonly endpoint: string;

  constructor(scope: Construct, id: string, props: DocumentDropProps) {
    super(scope, id);
    const stack = Stack.of(this);

    const loggingRole = new Role(this, 'LoggingRole', {
      assumedBy: new ServicePrincipal('transfer.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Lets the SFTP server write session and transfer logs to CloudWatch Logs',
    });

    this.server = new CfnServer(this, 'Server', {
      protocols: ['SFTP'],
      identityProviderType: 'SERVICE_MANAGED',
      domain: 'S3',
      endpointType: 'PUBLIC',
      securityPolicyName: props.securityPolicyName ?? 'TransferSecurityPolicy-2024-01',
      loggingRole: loggingRole.roleArn,
    });

    // The server logs to /aws/transfer/<server-id>; creating that group here sets its retention.
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/transfer/${this.server.attrServerId}`,
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    loggingRole.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    this.endpoint = `${this.server.attrServerId}.server.transfer.${stack.region}.${stack.urlSuffix}`;

    for (const user of props.users ?? []) {
      this.users.push(this.addUser(user, props.bucket));
    }
  }

  private addUser(user: SftpUser, bucket: IBucket): CfnUser {
    const prefix = `${user.userName}/`;
    const role = new Role(this, `UserRole-${user.userName}`, {
      assumedBy: new ServicePrincipal('transfer.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `SFTP user ${user.userName}: read and write only under s3://<raw-bucket>/${prefix}`,
      inlinePolicies: {
        OwnFolderOnly: new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: 'ListOwnFolder',
              effect: Effect.ALLOW,
              actions: ['s3:ListBucket'],
              resources: [bucket.bucketArn],
              conditions: { StringLike: { 's3:prefix': [prefix, `${prefix}*`] } },
            }),
            new PolicyStatement({
              sid: 'ReadWriteOwnFolder',
              effect: Effect.ALLOW,
              actions: ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:DeleteObjectVersion'],
              resources: [bucket.arnForObjects(`${prefix}*`)],
            }),
          ],
        }),
      },
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagRef(this, bucket.bucketArn)}/${prefix}*]`,
      reason: `The wildcard is the user's own folder: any object under ${prefix}, which is exactly what an SFTP home directory holds.`,
    });

    return new CfnUser(this, `User-${user.userName}`, {
      serverId: this.server.attrServerId,
      userName: user.userName,
      role: role.roleArn,
      sshPublicKeys: [user.sshPublicKey],
      // LOGICAL: the user sees "/" and cannot name (or climb out to) the real bucket path.
      homeDirectoryType: 'LOGICAL',
      homeDirectoryMappings: [{ entry: '/', target: `/${bucket.bucketName}/${user.userName}` }],
    });
  }
}
