import { createHash } from 'node:crypto';
import type { CfnResource, CfnTemplate } from './load-template.js';

export const FAKE_ACCOUNT_ID = '123456789012';
export const FAKE_REGION = 'us-east-1';

export interface IntrinsicResolverOptions {
  readonly stackName: string;
  /** @default FAKE_REGION */
  readonly region?: string;
  /** @default FAKE_ACCOUNT_ID */
  readonly accountId?: string;
  /** Values of template parameters; a parameter not given takes its Default. */
  readonly parameters?: Record<string, unknown>;
  /**
   * Values that replace what the resolver would make up: `LogicalId` for a Ref, `LogicalId.Attribute` for a GetAtt,
   * e.g. `{ 'ClusterABC.Endpoint.Address': '127.0.0.1', 'ClusterABC.Endpoint.Port': '54321' }`.
   */
  readonly overrides?: Record<string, unknown>;
}

/** Marks a value that `AWS::NoValue` removed (dropped from objects and arrays). */
const NO_VALUE = Symbol('AWS::NoValue');

/** Name properties per resource type: when the template sets one, it is the physical name. */
const NAME_PROPERTIES: Record<string, string> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::Policy': 'PolicyName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::RDS::DBProxy': 'DBProxyName',
  'AWS::Events::Rule': 'Name',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Cognito::UserPool': 'UserPoolName',
  'AWS::ApiGateway::RestApi': 'Name',
  'AWS::Transfer::Server': 'ServerName',
  'AWS::Transfer::User': 'UserName',
  'AWS::EC2::SecurityGroup': 'GroupName',
};

/** Services whose resources a made-up name is lower-case for (S3 bucket names must be). */
const LOWER_CASE_TYPES = new Set(['AWS::S3::Bucket']);

function digest(text: string, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
  const bytes = createHash('sha256').update(text).digest();
  let out = '';
  for (let index = 0; out.length < length; index += 1) out += alphabet[bytes[index % bytes.length]! % alphabet.length];
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Resolves CloudFormation intrinsic functions and pseudo parameters to consistent made-up physical names, ids and
 * ARNs (one account, one region), the way a deployed stack would have them, so a function's environment and its
 * role's policies name the same resources.
 */
export class IntrinsicResolver {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition = 'aws';
  readonly urlSuffix = 'amazonaws.com';
  readonly stackId: string;
  private readonly overrides: Map<string, unknown>;

  constructor(
    readonly template: CfnTemplate,
    private readonly options: IntrinsicResolverOptions,
  ) {
    this.stackName = options.stackName;
    this.region = options.region ?? FAKE_REGION;
    this.accountId = options.accountId ?? FAKE_ACCOUNT_ID;
    this.stackId = `arn:aws:cloudformation:${this.region}:${this.accountId}:stack/${this.stackName}/${digest(this.stackName, 8, 'abcdef0123456789')}-0000-0000-0000-000000000000`;
    this.overrides = new Map(Object.entries(options.overrides ?? {}));
  }

  /** Adds or replaces an override after construction (e.g. once an emulator knows its port). */
  override(key: string, value: unknown): void {
    this.overrides.set(key, value);
  }

  /** A value with every intrinsic function resolved; `AWS::NoValue` entries are dropped. */
  resolve(value: unknown): unknown {
    const resolved = this.resolveValue(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** Resolves to a string, failing when the value is not one. */
  resolveString(value: unknown): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') throw new Error(`Expected a string, got ${JSON.stringify(resolved)} from ${JSON.stringify(value)}`);
    return resolved;
  }

  resource(logicalId: string): CfnResource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`No resource ${logicalId} in the template`);
    return resource;
  }

  /** Whether a named condition of the template holds (in the fake region). */
  condition(name: string): boolean {
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`No condition ${name} in the template`);
    return this.evaluateCondition(definition);
  }

  /** The name a resource would get: the template's name property, or CloudFormation's `<stack>-<id>-<suffix>`. */
  physicalName(logicalId: string): string {
    const resource = this.resource(logicalId);
    const nameProperty = NAME_PROPERTIES[resource.Type];
    const explicit = nameProperty ? resource.Properties?.[nameProperty] : undefined;
    if (explicit !== undefined) return this.resolveString(explicit);
    const suffix = digest(`${this.stackName}/${logicalId}`, 12);
    if (LOWER_CASE_TYPES.has(resource.Type)) {
      return `${this.stackName}-${logicalId}-${suffix}`.toLowerCase().slice(0, 63).replace(/-+$/, '');
    }
    // CloudFormation truncates the stack and logical id parts to keep names within service limits.
    return `${this.stackName.slice(0, 20)}-${logicalId.slice(0, 30)}-${suffix}`;
  }

  /** What `Ref` returns for a resource, parameter or pseudo parameter. */
  ref(name: string): unknown {
    if (this.overrides.has(name)) return this.overrides.get(name);
    switch (name) {
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return this.accountId;
      case 'AWS::Partition':
        return this.partition;
      case 'AWS::URLSuffix':
        return this.urlSuffix;
      case 'AWS::StackName':
        return this.stackName;
      case 'AWS::StackId':
        return this.stackId;
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      const given = this.options.parameters?.[name];
      if (given !== undefined) return given;
      if (parameter.Type.startsWith('AWS::SSM::Parameter::Value')) return 'ssm-parameter-value';
      return parameter.Default;
    }
    const resource = this.resource(name);
    const physical = () => this.physicalName(name);
    switch (resource.Type) {
      case 'AWS::SQS::Queue':
        return `https://sqs.${this.region}.${this.urlSuffix}/${this.accountId}/${physical()}`;
      case 'AWS::SecretsManager::Secret':
        return this.arn('secretsmanager', `secret:${physical()}-${digest(`${this.stackName}/${name}`, 6, 'abcdefghijklmnopqrstuvwxyzABCDEF')}`);
      case 'AWS::SecretsManager::SecretTargetAttachment':
        // The attachment's Ref is the secret it attached to.
        return this.resolve(resource.Properties?.SecretId);
      case 'AWS::SNS::Topic':
        return this.arn('sns', physical());
      case 'AWS::StepFunctions::StateMachine':
        return this.arn('states', `stateMachine:${physical()}`);
      case 'AWS::KMS::Key':
        return this.uuid(name);
      case 'AWS::Cognito::UserPool':
        return `${this.region}_${digest(`${this.stackName}/${name}`, 9, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;
      case 'AWS::Cognito::UserPoolClient':
        return digest(`${this.stackName}/${name}`, 26, 'abcdefghijklmnopqrstuvwxyz0123456789');
      case 'AWS::ApiGateway::RestApi':
      case 'AWS::ApiGateway::Resource':
      case 'AWS::ApiGateway::Deployment':
      case 'AWS::ApiGateway::Authorizer':
      case 'AWS::ApiGateway::Model':
      case 'AWS::ApiGateway::RequestValidator':
        return digest(`${this.stackName}/${name}`, 10, 'abcdefghijklmnopqrstuvwxyz0123456789');
      case 'AWS::ApiGateway::Stage':
        return this.resolve(resource.Properties?.StageName) ?? physical();
      case 'AWS::EC2::VPC':
        return `vpc-${digest(`${this.stackName}/${name}`, 17, 'abcdef0123456789')}`;
      case 'AWS::EC2::Subnet':
        return `subnet-${digest(`${this.stackName}/${name}`, 17, 'abcdef0123456789')}`;
      case 'AWS::EC2::SecurityGroup':
        return `sg-${digest(`${this.stackName}/${name}`, 17, 'abcdef0123456789')}`;
      case 'AWS::EC2::VPCEndpoint':
        return `vpce-${digest(`${this.stackName}/${name}`, 17, 'abcdef0123456789')}`;
      case 'AWS::CloudFront::Distribution':
        return `E${digest(`${this.stackName}/${name}`, 13)}`;
      case 'AWS::Transfer::Server':
        return `s-${digest(`${this.stackName}/${name}`, 17, 'abcdef0123456789')}`;
      case 'AWS::Transfer::User':
        return this.arn('transfer', `user/${String(this.resolve(resource.Properties?.ServerId))}/${physical()}`);
      default:
        return physical();
    }
  }

  /** What `Fn::GetAtt` returns for a resource attribute. */
  getAtt(logicalId: string, attribute: string): unknown {
    const key = `${logicalId}.${attribute}`;
    if (this.overrides.has(key)) return this.overrides.get(key);
    const resource = this.resource(logicalId);
    const name = () => this.physicalName(logicalId);
    const ref = () => String(this.ref(logicalId));
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::S3::Bucket.Arn':
        return `arn:aws:s3:::${ref()}`;
      case 'AWS::S3::Bucket.DomainName':
        return `${ref()}.s3.${this.urlSuffix}`;
      case 'AWS::S3::Bucket.RegionalDomainName':
        return `${ref()}.s3.${this.region}.${this.urlSuffix}`;
      case 'AWS::SQS::Queue.Arn':
        return this.arn('sqs', name());
      case 'AWS::SQS::Queue.QueueName':
        return name();
      case 'AWS::SQS::Queue.QueueUrl':
        return ref();
      case 'AWS::Lambda::Function.Arn':
        return this.arn('lambda', `function:${name()}`);
      case 'AWS::IAM::Role.Arn':
        return `arn:aws:iam::${this.accountId}:role/${name()}`;
      case 'AWS::IAM::Role.RoleId':
        return `AROA${digest(`${this.stackName}/${logicalId}`, 17)}`;
      case 'AWS::RDS::DBCluster.Endpoint.Address':
        return `${name().toLowerCase()}.cluster-${digest(this.stackName, 12, 'abcdefghijklmnopqrstuvwxyz0123456789')}.${this.region}.rds.${this.urlSuffix}`;
      case 'AWS::RDS::DBCluster.ReadEndpoint.Address':
        return `${name().toLowerCase()}.cluster-ro-${digest(this.stackName, 12, 'abcdefghijklmnopqrstuvwxyz0123456789')}.${this.region}.rds.${this.urlSuffix}`;
      case 'AWS::RDS::DBCluster.Endpoint.Port':
        return String(this.resolve(resource.Properties?.Port) ?? 5432);
      case 'AWS::RDS::DBCluster.DBClusterArn':
        return this.arn('rds', `cluster:${name().toLowerCase()}`);
      case 'AWS::RDS::DBCluster.DBClusterResourceId':
        return `cluster-${digest(`${this.stackName}/${logicalId}`, 26)}`;
      case 'AWS::RDS::DBProxy.Endpoint':
        return `${name().toLowerCase()}.proxy-${digest(this.stackName, 12, 'abcdefghijklmnopqrstuvwxyz0123456789')}.${this.region}.rds.${this.urlSuffix}`;
      case 'AWS::RDS::DBProxy.DBProxyArn':
        return this.arn('rds', `db-proxy:prx-${digest(`${this.stackName}/${logicalId}`, 17, 'abcdef0123456789')}`);
      case 'AWS::KMS::Key.Arn':
        return this.arn('kms', `key/${ref()}`);
      case 'AWS::KMS::Key.KeyId':
        return ref();
      case 'AWS::Events::Rule.Arn':
        return this.arn('events', `rule/${name()}`);
      case 'AWS::StepFunctions::StateMachine.Arn':
        return ref();
      case 'AWS::StepFunctions::StateMachine.Name':
        return name();
      case 'AWS::SNS::Topic.TopicArn':
        return ref();
      case 'AWS::SNS::Topic.TopicName':
        return name();
      case 'AWS::Logs::LogGroup.Arn':
        return this.arn('logs', `log-group:${name()}:*`);
      case 'AWS::Cognito::UserPool.Arn':
        return this.arn('cognito-idp', `userpool/${ref()}`);
      case 'AWS::Cognito::UserPool.ProviderName':
        return `cognito-idp.${this.region}.${this.urlSuffix}/${ref()}`;
      case 'AWS::Cognito::UserPool.ProviderURL':
        return `https://cognito-idp.${this.region}.${this.urlSuffix}/${ref()}`;
      case 'AWS::ApiGateway::RestApi.RootResourceId':
        return digest(`${this.stackName}/${logicalId}/root`, 10, 'abcdefghijklmnopqrstuvwxyz0123456789');
      case 'AWS::EC2::SecurityGroup.GroupId':
        return ref();
      case 'AWS::EC2::VPC.CidrBlock':
        return this.resolve(resource.Properties?.CidrBlock) ?? '10.0.0.0/16';
      case 'AWS::EC2::VPC.DefaultSecurityGroup':
        return `sg-${digest(`${this.stackName}/${logicalId}/default`, 17, 'abcdef0123456789')}`;
      case 'AWS::CloudFront::Distribution.DomainName':
        return `d${digest(`${this.stackName}/${logicalId}`, 13, 'abcdefghijklmnopqrstuvwxyz0123456789')}.cloudfront.net`;
      case 'AWS::Transfer::Server.ServerId':
        return ref();
      case 'AWS::Transfer::Server.Arn':
        return this.arn('transfer', `server/${ref()}`);
      case 'AWS::Lambda::LayerVersion.LayerVersionArn':
        return this.arn('lambda', `layer:${name()}:1`);
    }
    if (attribute === 'Arn') {
      const service = resource.Type.split('::')[1]!.toLowerCase();
      return this.arn(service, `${resource.Type.split('::')[2]!.toLowerCase()}/${name()}`);
    }
    // Custom resources answer with whatever data their handler returned; a stable placeholder stands in for it.
    return `${logicalId}.${attribute}`;
  }

  private arn(service: string, resource: string): string {
    return `arn:${this.partition}:${service}:${this.region}:${this.accountId}:${resource}`;
  }

  private uuid(seed: string): string {
    const hex = digest(`${this.stackName}/${seed}`, 32, 'abcdef0123456789');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private sub(template: string, variables: Record<string, unknown>): string {
    return template.replace(/\$\{([^}]+)\}/g, (whole, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      if (expression in variables) return String(this.resolve(variables[expression]));
      const dot = expression.indexOf('.');
      if (dot > 0 && !expression.startsWith('AWS::')) return String(this.getAtt(expression.slice(0, dot), expression.slice(dot + 1)));
      const value = this.ref(expression);
      if (value === undefined || value === NO_VALUE) throw new Error(`Fn::Sub cannot resolve ${whole}`);
      return String(value);
    });
  }

  private evaluateCondition(definition: unknown): boolean {
    if (typeof definition === 'boolean') return definition;
    if (!isObject(definition)) throw new Error(`Not a condition: ${JSON.stringify(definition)}`);
    if ('Condition' in definition) return this.condition(String(definition.Condition));
    const [fn, args] = Object.entries(definition)[0] ?? [];
    const list = Array.isArray(args) ? args : [];
    switch (fn) {
      case 'Fn::Equals':
        return JSON.stringify(this.resolve(list[0])) === JSON.stringify(this.resolve(list[1]));
      case 'Fn::Not':
        return !this.evaluateCondition(list[0]);
      case 'Fn::And':
        return list.every((item) => this.evaluateCondition(item));
      case 'Fn::Or':
        return list.some((item) => this.evaluateCondition(item));
      default:
        throw new Error(`Unsupported condition function ${fn}`);
    }
  }

  private resolveValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolveValue(item)).filter((item) => item !== NO_VALUE);
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::') || keys[0] === 'Condition')) {
      return this.resolveFunction(keys[0]!, value[keys[0]!]);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = this.resolveValue(item);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private resolveFunction(fn: string, args: unknown): unknown {
    const list = Array.isArray(args) ? args : [];
    switch (fn) {
      case 'Ref':
        return this.ref(String(args));
      case 'Condition':
        return this.condition(String(args));
      case 'Fn::GetAtt': {
        const [logicalId, ...attribute] = typeof args === 'string' ? args.split('.') : (list as string[]);
        return this.getAtt(String(logicalId), attribute.join('.'));
      }
      case 'Fn::Join':
        return (this.resolveValue(list[1]) as unknown[]).map(String).join(String(list[0]));
      case 'Fn::Sub':
        if (typeof args === 'string') return this.sub(args, {});
        return this.sub(String(list[0]), (list[1] ?? {}) as Record<string, unknown>);
      case 'Fn::Select': {
        const items = this.resolveValue(list[1]) as unknown[];
        const index = Number(this.resolveValue(list[0]));
        if (!Array.isArray(items) || index < 0 || index >= items.length) throw new Error(`Fn::Select index ${index} out of range`);
        return items[index];
      }
      case 'Fn::Split':
        return String(this.resolveValue(list[1])).split(String(list[0]));
      case 'Fn::If':
        return this.resolveValue(this.condition(String(list[0])) ? list[1] : list[2]);
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.region}${zone}`);
      case 'Fn::Base64':
        return Buffer.from(String(this.resolveValue(args))).toString('base64');
      case 'Fn::FindInMap': {
        const [map, first, second] = list.map((item) => String(this.resolveValue(item)));
        const found = this.template.Mappings?.[map!]?.[first!]?.[second!];
        if (found === undefined) throw new Error(`Fn::FindInMap found nothing at ${map}.${first}.${second}`);
        return found;
      }
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
        return this.evaluateCondition({ [fn]: args });
      default:
        throw new Error(`Unsupported intrinsic function ${fn}`);
    }
  }
}
