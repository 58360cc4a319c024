import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CustomResourceDeployer } from './deploy/custom-resource-deployer.js';
import { BedrockEmulator } from './emulators/bedrock-emulator.js';
import { HarnessDatabase } from './emulators/harness-database.js';
import { createHarnessTls, type HarnessTls } from './emulators/harness-tls.js';
import { LambdaEmulator } from './emulators/lambda-emulator.js';
import { S3Emulator } from './emulators/s3-emulator.js';
import { SecretsManagerEmulator } from './emulators/secrets-manager-emulator.js';
import { TextractEmulator, type TextractEmulatorOptions } from './emulators/textract-emulator.js';
import { EventBus } from './events/event-bus.js';
import { s3EventBridgeEvent } from './events/s3-eventbridge-event.js';
import { FunctionRunner } from './functions/function-runner.js';
import { Authorizer } from './iam/authorizer.js';
import { EventSourceMapping } from './queues/event-source-mapping.js';
import { HarnessClock, SqsQueue } from './queues/sqs-queue.js';
import type { SynthesizedApp } from './template/load-template.js';
import { IntrinsicResolver } from './template/resolve-intrinsics.js';
import { type FakeOpenAiServer, startFakeOpenAiServer } from '../../support/fake-openai-server.js';

export interface CloudHarnessOptions {
  readonly app: SynthesizedApp;
  /** Refuse database connections for this long after start (Aurora resuming from pause). @default 0 */
  readonly databaseRefuseForMs?: number;
  /** Extra emulator endpoints by service (e.g. a chat path's), set as AWS_ENDPOINT_URL_<SERVICE>. */
  readonly extraEndpoints?: Record<string, string>;
  /** How the Textract emulator paces and pages its answers. */
  readonly textract?: TextractEmulatorOptions;
}

/**
 * The synthesized template, executed: its functions run from cdk.out (FunctionRunner), calling emulators of S3,
 * Secrets Manager, Bedrock, Textract and Lambda that authorize each call against the template's IAM policies; S3 changes go
 * over EventBridge rules to SQS queues and through event source mappings to functions; the database is PGlite behind
 * a TLS proxy; custom resources get CloudFormation's requests.
 */
export class CloudHarness {
  readonly resolver: IntrinsicResolver;
  readonly authorizer: Authorizer;
  readonly clock = new HarnessClock();
  readonly queues = new Map<string, SqsQueue>();
  readonly mappings: EventSourceMapping[] = [];
  readonly s3: S3Emulator;
  readonly bus: EventBus;
  runner!: FunctionRunner;
  secrets!: SecretsManagerEmulator;
  bedrock!: BedrockEmulator;
  textract!: TextractEmulator;
  lambda!: LambdaEmulator;
  database!: HarnessDatabase;
  deployer!: CustomResourceDeployer;
  /** The OpenAI API, when a function of the template is configured for it. */
  openAi?: FakeOpenAiServer;
  tls!: HarnessTls;
  private readonly workDir: string;
  private readonly databaseHost: string;

  private constructor(
    readonly app: SynthesizedApp,
    private readonly options: CloudHarnessOptions,
  ) {
    this.workDir = mkdtempSync(path.join(os.tmpdir(), 'rag-cloud-harness-'));
    // The database answers on a loopback address of its own: the functions' RAG_DB_PORT is the template's 5432.
    const databaseHost = `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(1, 255)}`;
    this.databaseHost = databaseHost;
    const overrides: Record<string, unknown> = {};
    for (const [logicalId, resource] of Object.entries(app.template.Resources)) {
      if (resource.Type === 'AWS::RDS::DBCluster') {
        overrides[`${logicalId}.Endpoint.Address`] = databaseHost;
        overrides[`${logicalId}.Endpoint.Port`] = '5432';
      }
      if (resource.Type === 'AWS::RDS::DBProxy') overrides[`${logicalId}.Endpoint`] = databaseHost;
    }
    this.resolver = new IntrinsicResolver(app.template, { stackName: app.stackName, overrides });
    this.authorizer = new Authorizer(this.resolver);
    this.s3 = new S3Emulator(this.resolver, this.authorizer);
    for (const [logicalId, resource] of Object.entries(app.template.Resources)) {
      if (resource.Type !== 'AWS::SQS::Queue') continue;
      const properties = this.resolver.resolve(resource.Properties) as {
        VisibilityTimeout?: number;
        RedrivePolicy?: { deadLetterTargetArn: string; maxReceiveCount: number };
      };
      const arn = String(this.resolver.getAtt(logicalId, 'Arn'));
      this.queues.set(
        arn,
        new SqsQueue(
          {
            arn,
            url: String(this.resolver.ref(logicalId)),
            visibilityTimeoutSeconds: Number(properties.VisibilityTimeout ?? 30),
            redrive: properties.RedrivePolicy,
          },
          this.clock,
          (target) => this.queues.get(target),
        ),
      );
    }
    this.bus = new EventBus(this.resolver, this.authorizer, (arn) => this.queues.get(arn));
    this.s3.onChange((change) => this.bus.put(s3EventBridgeEvent(change, this.resolver.accountId, this.resolver.region)));
  }

  static async start(options: CloudHarnessOptions): Promise<CloudHarness> {
    const harness = new CloudHarness(options.app, options);
    await harness.startServices();
    return harness;
  }

  private async startServices(): Promise<void> {
    const databaseHost = this.databaseHost;
    this.tls = createHarnessTls(this.workDir, ['127.0.0.1', databaseHost]);
    this.database = await HarnessDatabase.start(this.tls, { host: databaseHost, refuseForMs: this.options.databaseRefuseForMs ?? 0 });
    this.secrets = new SecretsManagerEmulator(this.resolver, this.authorizer, { host: databaseHost, port: 5432, dbname: 'rag' });
    const master = this.masterCredentials();
    await this.database.createMasterUser(master.username, master.password);
    this.bedrock = new BedrockEmulator(this.authorizer, this.resolver.region, this.resolver.accountId);
    this.textract = new TextractEmulator(this.authorizer, this.s3, this.options.textract);
    await Promise.all([this.s3.start(this.tls), this.secrets.start(this.tls), this.bedrock.start(this.tls), this.textract.start(this.tls)]);
    const endpoints: Record<string, string> = {
      S3: this.s3.url,
      SECRETS_MANAGER: this.secrets.url,
      BEDROCK_RUNTIME: this.bedrock.url,
      TEXTRACT: this.textract.url,
      ...this.options.extraEndpoints,
    };
    // The Lambda endpoint is known only once its server listens; the runner reads endpoints at each cold start.
    const usesOpenAi = Object.values(this.resolver.template.Resources).some(
      (resource) => resource.Type === 'AWS::Lambda::Function' && JSON.stringify(resource.Properties?.Environment ?? {}).includes('"openai"'),
    );
    if (usesOpenAi) {
      const variables = this.resolver.resolve(this.resolver.resource(this.functionByService('rag-ingest')).Properties?.Environment) as {
        Variables?: Record<string, string>;
      };
      this.openAi = await startFakeOpenAiServer({ embeddingDimensions: Number(variables.Variables?.EMBEDDING_DIMENSIONS ?? 1536) });
    }
    this.runner = new FunctionRunner({
      app: this.app,
      resolver: this.resolver,
      endpoints,
      providerEndpoints: this.openAi ? { OPENAI_BASE_URL: this.openAi.url } : {},
      extraCaCertsFile: this.tls.caFile,
    });
    this.lambda = new LambdaEmulator(this.runner, this.authorizer);
    await this.lambda.start(this.tls);
    endpoints.LAMBDA = this.lambda.url;
    this.deployer = new CustomResourceDeployer(this.resolver, this.runner);
    await this.deployer.start(this.tls, databaseHost);
    for (const resource of Object.values(this.resolver.template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
      const properties = this.resolver.resolve(resource.Properties) as {
        EventSourceArn: string;
        FunctionName: string;
        BatchSize?: number;
        MaximumBatchingWindowInSeconds?: number;
        FunctionResponseTypes?: string[];
        ScalingConfig?: { MaximumConcurrency?: number };
        Enabled?: boolean;
      };
      const queue = this.queues.get(properties.EventSourceArn);
      const functionLogicalId = this.runner.logicalIdOf(properties.FunctionName);
      if (!queue || !functionLogicalId || properties.Enabled === false) continue;
      const mapping = new EventSourceMapping(queue, this.runner, this.authorizer, {
        functionLogicalId,
        batchSize: properties.BatchSize ?? 10,
        maximumBatchingWindowSeconds: properties.MaximumBatchingWindowInSeconds ?? 0,
        reportBatchItemFailures: (properties.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
        // Without a ScalingConfig, Lambda scales an SQS source up to 1,250 concurrent invocations.
        maximumConcurrency: properties.ScalingConfig?.MaximumConcurrency ?? 1250,
        region: this.resolver.region,
      });
      mapping.start();
      this.mappings.push(mapping);
    }
  }

  /** The cluster's master user and the password CloudFormation resolves from its secret (a dynamic reference). */
  private masterCredentials(): { username: string; password: string } {
    const cluster = this.resolver.resource(this.clusterLogicalId()).Properties ?? {};
    const reference = this.resolver.resolveString(cluster.MasterUserPassword);
    const arn = /^\{\{resolve:secretsmanager:(.+):SecretString:password::\}\}$/.exec(reference)?.[1];
    const value = arn ? this.secrets.secretValue(arn) : undefined;
    if (!value) throw new Error(`The cluster's master password is not a secret reference: ${reference}`);
    return { username: this.resolver.resolveString(cluster.MasterUsername), password: (JSON.parse(value) as { password: string }).password };
  }

  clusterLogicalId(): string {
    return this.logicalIdOfType('AWS::RDS::DBCluster');
  }

  /** The one resource of a type (failing when there are none or several). */
  logicalIdOfType(type: string, prefix = ''): string {
    const ids = Object.entries(this.resolver.template.Resources)
      .filter(([id, resource]) => resource.Type === type && id.startsWith(prefix))
      .map(([id]) => id);
    if (ids.length !== 1) throw new Error(`Expected one ${type}${prefix ? ` ${prefix}*` : ''}, found ${ids.join(', ') || 'none'}`);
    return ids[0]!;
  }

  /** The logical id of the product function with this Powertools service name. */
  functionByService(serviceName: string): string {
    const match = Object.entries(this.resolver.template.Resources).find(
      ([, resource]) =>
        resource.Type === 'AWS::Lambda::Function' &&
        (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME === serviceName,
    );
    if (!match) throw new Error(`No function with service name ${serviceName}`);
    return match[0];
  }

  /** The resolved environment variables the template gives a function. */
  functionEnvironment(logicalId: string): Record<string, string> {
    return this.runner.definition(logicalId).environment;
  }

  /** Embedding calls the model providers received (each one costs money on AWS or at OpenAI). */
  embeddingCalls(): number {
    const openAi = this.openAi?.requests.filter((request) => request.path.startsWith('/v1/embeddings')).length ?? 0;
    return this.bedrock.embeddingCalls().length + openAi;
  }

  /** The mapping that feeds a function. */
  mappingOf(functionLogicalId: string): EventSourceMapping {
    const mapping = this.mappings.find((candidate) => candidate.settings.functionLogicalId === functionLogicalId);
    if (!mapping) throw new Error(`No event source mapping feeds ${functionLogicalId}`);
    return mapping;
  }

  async stop(): Promise<void> {
    for (const mapping of this.mappings) await mapping.stop();
    await this.runner?.close();
    await Promise.all([
      this.s3.close(),
      this.secrets?.close(),
      this.bedrock?.close(),
      this.textract?.close(),
      this.lambda?.close(),
      this.deployer?.close(),
      this.openAi?.close(),
    ]);
    await this.database?.close();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
