import path from 'node:path';
import { CustomResource, Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Port, SecurityGroup, type InterfaceVpcEndpoint } from 'aws-cdk-lib/aws-ec2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AuroraPostgresEngineVersion,
  ClusterInstance,
  Credentials,
  DatabaseCluster,
  DatabaseClusterEngine,
  DatabaseProxy,
  DatabaseSecret,
  ParameterGroup,
  ProxyTarget,
} from 'aws-cdk-lib/aws-rds';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { LAMBDA_ENV } from '#core/config/environment-contract.js';
import { DATABASE_ROLES, databaseRoleOf } from '#core/store/database-roles.js';
import { migrationsChecksum } from '#core/store/migrations-checksum.js';
import { MIGRATIONS_DIR } from '../project-paths.js';
import type { DatabaseConnection } from './database-connection.js';
import type { PrivateNetwork } from './private-network.js';
import { nagRef } from './nag-ref.js';
import { LAMBDA_ENTRY_FILES, RagFunction } from './rag-function.js';

/**
 * Aurora PostgreSQL 16.8 ships pgvector 0.8.0 (iterative index scans, better filtered
 * search) and supports a minimum capacity of 0 ACU (auto-pause).
 */
export const AURORA_ENGINE_VERSION = AuroraPostgresEngineVersion.VER_16_8;

/** PostgreSQL's port; RDS Proxy always listens on the engine's default port. */
export const DATABASE_PORT = 5432;

/** How long the migration keeps retrying its database connection. */
export const MIGRATION_CONNECT_DEADLINE = Duration.minutes(3);

/** Where the migration function finds its SQL files inside the Lambda bundle. */
export const BUNDLED_MIGRATIONS_DIR = '/var/task/migrations';

export interface VectorDatabaseProps {
  readonly network: PrivateNetwork;
  /** @default 'rag' */
  readonly databaseName?: string;
  /** 0 lets the instance pause when idle. @default 0 */
  readonly minCapacityAcu?: number;
  /** @default 4 */
  readonly maxCapacityAcu?: number;
  /** Idle time before pausing at 0 ACU. @default Duration.minutes(10) */
  readonly autoPause?: Duration;
  /**
   * Put RDS Proxy in front, so bursts of Lambdas share a small pool of connections. The proxy
   * holds connections to the writer, so the instance never pauses, and it bills a minimum of
   * 8 ACU-hours; leave it off for a stack that should cost nothing when idle.
   * @default false
   */
  readonly useRdsProxy?: boolean;
  /** prod: snapshot on delete, deletion protection, 14-day backups. @default false */
  readonly production?: boolean;
  /**
   * Environment for the migration function (model settings). Secret ARNs are dropped: the
   * migration reads no model key, and its role is not granted one. @default - none
   */
  readonly migrationEnvironment?: Record<string, string>;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The vector store: Aurora Serverless v2 PostgreSQL with pgvector, its managed credentials,
 * RDS Proxy (optional), and a custom resource that applies the versioned SQL migrations.
 */
export class VectorDatabase extends Construct {
  readonly cluster: DatabaseCluster;
  readonly proxy?: DatabaseProxy;
  /** The login secret of each database role (database-roles.ts), by role name. */
  readonly roleSecrets: Readonly<Record<string, DatabaseSecret>>;
  readonly migrationFunction: RagFunction;
  readonly migration: CustomResource;
  /** The master user's connection: the migration function's only. */
  private readonly adminConnection: DatabaseConnection;

  constructor(scope: Construct, id: string, props: VectorDatabaseProps) {
    super(scope, id);
    const { vpc } = props.network;
    const production = props.production ?? false;
    const databaseName = props.databaseName ?? 'rag';
    const useRdsProxy = props.useRdsProxy ?? false;

    const clientSecurityGroup = new SecurityGroup(this, 'ClientSecurityGroup', {
      vpc,
      description: 'Functions that connect to the vector database',
      allowAllOutbound: true,
    });
    const databaseSecurityGroup = new SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc,
      description: 'Aurora cluster of the vector database',
      allowAllOutbound: false,
    });

    this.cluster = new DatabaseCluster(this, 'Cluster', {
      engine: DatabaseClusterEngine.auroraPostgres({ version: AURORA_ENGINE_VERSION }),
      credentials: Credentials.fromGeneratedSecret('rag_admin'),
      defaultDatabaseName: databaseName,
      writer: ClusterInstance.serverlessV2('Writer', { autoMinorVersionUpgrade: true }),
      serverlessV2MinCapacity: props.minCapacityAcu ?? 0,
      serverlessV2MaxCapacity: props.maxCapacityAcu ?? 4,
      serverlessV2AutoPauseDuration: props.autoPause ?? Duration.minutes(10),
      vpc,
      vpcSubnets: props.network.dataSubnets,
      securityGroups: [databaseSecurityGroup],
      port: DATABASE_PORT,
      storageEncrypted: true,
      iamAuthentication: true,
      parameterGroup: new ParameterGroup(this, 'Parameters', {
        engine: DatabaseClusterEngine.auroraPostgres({ version: AURORA_ENGINE_VERSION }),
        description: 'Vector database: TLS required on every connection',
        parameters: { 'rds.force_ssl': '1' },
      }),
      backup: { retention: Duration.days(production ? 14 : 1) },
      deletionProtection: production,
      removalPolicy: production ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      copyTagsToSnapshot: true,
    });
    Validations.of(this.cluster).acknowledge({
      id: 'AwsSolutions-RDS11',
      reason:
        'Clients reach PostgreSQL through RDS Proxy, which listens on the engine default port; a non-default port is obscurity, while the security groups admit only the function security group.',
    });
    if (!production) {
      Validations.of(this.cluster).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason: 'dev stage: the database is disposable and deleted with the stack; the prod stage turns deletion protection on.',
      });
    }

    // Monthly rotation of the admin password. The rotation function runs in the app subnets
    // and reaches Secrets Manager through the VPC endpoint.
    const secretsEndpoint = props.network.interfaceEndpoints[0];
    this.cluster.addRotationSingleUser({
      automaticallyAfter: Duration.days(30),
      vpcSubnets: props.network.appSubnets,
      ...(secretsEndpoint ? { endpoint: secretsEndpoint } : {}),
    });

    const secret = this.cluster.secret!;
    // One login per database role, created by the migration function with the master secret. The
    // excluded characters (the RDS default) keep the passwords safe in connection strings. They are
    // not rotated (see README's known limits).
    const roleSecrets: Record<string, DatabaseSecret> = {};
    for (const role of DATABASE_ROLES) {
      const roleSecret = new DatabaseSecret(this, `Login-${role.name}`, { username: role.name, dbname: databaseName, masterSecret: secret });
      roleSecret.attach(this.cluster);
      Validations.of(roleSecret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: `The ${role.name} login is set by the migration function on every deploy; its rotation is not set up yet (README, known limits), and only the functions of that role may read it.`,
      });
      roleSecrets[role.name] = roleSecret;
    }
    this.roleSecrets = roleSecrets;
    let host: string;
    if (useRdsProxy) {
      const proxySecurityGroup = new SecurityGroup(this, 'ProxySecurityGroup', {
        vpc,
        description: 'RDS Proxy in front of the vector database',
        allowAllOutbound: false,
      });
      this.proxy = new DatabaseProxy(this, 'Proxy', {
        // Proxy names are unique per account and region: derive it from the stack and path.
        dbProxyName: `${Names.uniqueResourceName(this, { maxLength: 56, separator: '-' }).replace(/^[^a-zA-Z]+/, '')}-proxy`,
        proxyTarget: ProxyTarget.fromCluster(this.cluster),
        // The proxy authenticates clients against these: every role's login, and the master user for migrations.
        secrets: [secret, ...Object.values(roleSecrets)],
        vpc,
        vpcSubnets: props.network.dataSubnets,
        securityGroups: [proxySecurityGroup],
        requireTLS: true,
        // Leave headroom for migrations and the admin console.
        maxConnectionsPercent: 90,
        idleClientTimeout: Duration.minutes(15),
      });
      // The proxy construct itself opens proxy → cluster; only functions may reach the proxy.
      proxySecurityGroup.addIngressRule(clientSecurityGroup, Port.tcp(DATABASE_PORT), 'Functions to RDS Proxy');
      host = this.proxy.endpoint;
    } else {
      databaseSecurityGroup.addIngressRule(clientSecurityGroup, Port.tcp(DATABASE_PORT), 'Functions to Aurora');
      host = this.cluster.clusterEndpoint.hostname;
    }

    this.adminConnection = {
      vpc,
      clientSubnets: props.network.appSubnets,
      clientSecurityGroup,
      host,
      port: DATABASE_PORT,
      databaseName,
      secret,
    };

    this.migrationFunction = new RagFunction(this, 'MigrationFunction', {
      entryFile: LAMBDA_ENTRY_FILES.migrate,
      description: 'Applies the versioned SQL migrations to the vector database on deploy',
      serviceName: 'rag-migrate',
      // Resuming a paused Aurora instance takes seconds; a long migration must still finish.
      memorySize: 512,
      timeout: Duration.minutes(5),
      database: this.adminConnection,
      logLevel: props.logLevel ?? 'INFO',
      logRetention: props.logRetention ?? RetentionDays.ONE_MONTH,
      logRemovalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
      // Keep trying to connect for most of the timeout: Aurora may be resuming from pause, or
      // the secret rotating, while a deploy runs.
      environment: {
        ...props.migrationEnvironment,
        RAG_MIGRATIONS_DIR: BUNDLED_MIGRATIONS_DIR,
        RAG_DB_CONNECT_DEADLINE_MS: String(MIGRATION_CONNECT_DEADLINE.toMilliseconds()),
        // The logins it creates or updates, by role: it reads their passwords on each deploy.
        [LAMBDA_ENV.dbLoginSecretArns]: this.stackJson(
          Object.fromEntries(Object.entries(roleSecrets).map(([name, roleSecret]) => [name, roleSecret.secretArn])),
        ),
      },
      commandHooks: migrationBundlingHooks(),
    });

    for (const roleSecret of Object.values(roleSecrets)) roleSecret.grantRead(this.migrationFunction);

    const provider = new Provider(this, 'MigrationProvider', {
      onEventHandler: this.migrationFunction,
      logGroup: new LogGroup(this, 'MigrationProviderLogs', {
        retention: props.logRetention ?? RetentionDays.ONE_MONTH,
        removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
      }),
    });
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason: 'The custom resource framework function is provided by aws-cdk-lib, which pins its runtime.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The custom resource framework function only writes its own logs.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagRef(this, this.migrationFunction.functionArn)}:*]`,
        reason: 'The framework may invoke any version or alias of the one migration function it fronts.',
      },
    );

    this.migration = new CustomResource(this, 'Migration', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::RagSchemaMigration',
      properties: {
        // A new checksum (a migration added) re-runs the function; unchanged migrations are a no-op anyway.
        MigrationsChecksum: migrationsChecksum(MIGRATIONS_DIR),
        EmbeddingDimensions: props.migrationEnvironment?.EMBEDDING_DIMENSIONS ?? '',
        // A change of the roles' grants re-applies them, as a new migration does.
        DatabaseRolesChecksum: createHash('sha256').update(JSON.stringify(DATABASE_ROLES)).digest('hex'),
      },
    });
    this.migration.node.addDependency(this.cluster);
    if (this.proxy) this.migration.node.addDependency(this.proxy);
    for (const endpoint of props.network.interfaceEndpoints as InterfaceVpcEndpoint[]) {
      this.migration.node.addDependency(endpoint);
    }
  }

  /**
   * What a function needs to connect as one database role: read access to that role's secret
   * only. Every function but the migration connects this way, never with the master secret.
   */
  connectionAs(roleName: string): DatabaseConnection {
    const secret = this.roleSecrets[roleName];
    if (!secret) throw new Error(`No database role ${roleName}; the roles are ${Object.keys(this.roleSecrets).join(', ')}`);
    return { ...this.adminConnection, secret };
  }

  /** A JSON object of tokens (secret ARNs) as one environment value, resolved at deploy time. */
  private stackJson(value: Record<string, string>): string {
    return Stack.of(this).toJsonString(value);
  }
}

/** The database role the functions of a service connect as (one role serves each construct's functions). */
export function databaseRoleName(serviceName: string): string {
  const role = databaseRoleOf(serviceName);
  if (!role) throw new Error(`No database role serves ${serviceName}`);
  return role.name;
}

/** Copies the SQL migrations next to the bundle, where RAG_MIGRATIONS_DIR points. */
export function migrationBundlingHooks() {
  return {
    beforeBundling: (): string[] => [],
    beforeInstall: (): string[] => [],
    afterBundling: (inputDir: string, outputDir: string): string[] => [
      `mkdir -p "${path.join(outputDir, 'migrations')}"`,
      `cp "${path.join(inputDir, 'layers', 'core', 'store', 'migrations')}"/*.sql "${path.join(outputDir, 'migrations')}/"`,
    ],
  };
}

export { migrationsChecksum } from '#core/store/migrations-checksum.js';
