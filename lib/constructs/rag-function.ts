import path from 'node:path';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { FUNCTIONS_DIR, REPO_ROOT } from '../project-paths.js';
import type { DatabaseConnection } from './database-connection.js';
import { LAMBDA_ENV } from '#core/config/environment-contract.js';

/** Every Lambda of the product runs on this runtime and architecture. */
export const RAG_RUNTIME = Runtime.NODEJS_22_X;
export const RAG_ARCHITECTURE = Architecture.ARM_64;

/** The Lambda entry points under `functions/`, one per function. */
export const LAMBDA_ENTRY_FILES = {
  ingest: 'ingest-queue.ts',
  improve: 'improve-question.ts',
  retrieve: 'retrieve.ts',
  answer: 'answer.ts',
  documentsApi: 'documents-api.ts',
  jobsApi: 'jobs-api.ts',
  feedbackApi: 'feedback-api.ts',
  migrate: 'migrate.ts',
} as const;

/** esbuild target and package entry fields of every bundle. */
export const BUNDLE_TARGET = 'node22';
export const BUNDLE_MAIN_FIELDS = ['module', 'main'];

/** Metric namespace shared by all functions, so one dashboard shows the whole product. */
export const METRICS_NAMESPACE = 'RagDocbot';

/**
 * The embedded database and its socket server exist for the local stack only; Lambdas talk
 * to Aurora through the `postgres` driver. The AWS SDK v3 ships in the nodejs22.x runtime.
 */
export const EXTERNAL_MODULES = ['@aws-sdk/*', '@electric-sql/pglite', '@electric-sql/pglite-pgvector', '@electric-sql/pglite-socket'];

// ESM bundles have no `require`; some CommonJS dependencies still call it for Node built-ins.
export const ESM_REQUIRE_BANNER = "import { createRequire as __ragCreateRequire } from 'node:module'; const require = __ragCreateRequire(import.meta.url);";

export interface RagFunctionProps {
  /** File name of the entry point under `functions/`, one of LAMBDA_ENTRY_FILES. */
  readonly entryFile: string;
  readonly description: string;
  /** POWERTOOLS_SERVICE_NAME: how logs, traces and metrics name this function. */
  readonly serviceName: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** What happens to the log group when the stack is deleted. @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Extra environment variables. @default - none */
  readonly environment?: Record<string, string>;
  /**
   * When given, the function runs inside the VPC with the RAG_DB_* variables and read access
   * to the database secret. Functions that never touch the database leave this unset and stay
   * out of the VPC (faster cold starts, no ENIs, no endpoint traffic).
   * @default - not in a VPC
   */
  readonly database?: DatabaseConnection;
  /** Extra bundling steps, e.g. copying SQL files next to the bundle. @default - none */
  readonly commandHooks?: ICommandHooks;
}

/**
 * A NodejsFunction with the product's defaults: nodejs22.x on ARM64, local esbuild (no
 * Docker) to a minified ESM bundle with source maps, X-Ray tracing, a log group with
 * retention, and the Powertools environment.
 */
export class RagFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: RagFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    const database = props.database;
    super(scope, id, {
      entry: path.join(FUNCTIONS_DIR, props.entryFile),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: RAG_RUNTIME,
      architecture: RAG_ARCHITECTURE,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        [LAMBDA_ENV.serviceName]: props.serviceName,
        [LAMBDA_ENV.metricsNamespace]: METRICS_NAMESPACE,
        [LAMBDA_ENV.logLevel]: props.logLevel ?? 'INFO',
        ...(database
          ? {
              [LAMBDA_ENV.dbHost]: database.host,
              [LAMBDA_ENV.dbPort]: String(database.port),
              [LAMBDA_ENV.dbName]: database.databaseName,
              [LAMBDA_ENV.dbSecretArn]: database.secret.secretArn,
              // Verify the server certificate against the RDS certificate authorities the bundle ships.
              [LAMBDA_ENV.dbSsl]: 'verify-full',
            }
          : {}),
        ...props.environment,
      },
      ...(database
        ? {
            vpc: database.vpc,
            vpcSubnets: database.clientSubnets,
            securityGroups: [database.clientSecurityGroup],
          }
        : {}),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        mainFields: BUNDLE_MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        externalModules: EXTERNAL_MODULES,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        ...(props.commandHooks ? { commandHooks: props.commandHooks } : {}),
      },
    });
    if (database) database.secret.grantRead(this);
    this.acknowledgeStandardFindings(database !== undefined);
  }

  /** cdk-nag findings every function of this shape raises, each with the reason it is accepted. */
  private acknowledgeStandardFindings(inVpc: boolean): void {
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The product targets nodejs22.x on purpose: it is the runtime the code is built and tested for (esbuild target node22).',
    });
    const role = Validations.of(this.role!);
    role.acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWS-managed minimal Lambda logging policy (CreateLogGroup/CreateLogStream/PutLogEvents); the function writes only to its own log group.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions, so active tracing needs Resource "*".',
      },
    );
    if (inVpc) {
      role.acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason: 'AWS-managed policy Lambda needs to create and delete the ENIs of a function inside a VPC; those EC2 actions do not support resource scoping.',
      });
    }
  }
}
