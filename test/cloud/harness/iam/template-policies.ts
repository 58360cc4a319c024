import type { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import type { PolicyStatement } from './policy-evaluator.js';

/** The AWS managed policies the template attaches, with their published content. */
export const KNOWN_MANAGED_POLICIES: Record<string, PolicyStatement[]> = {
  'service-role/AWSLambdaBasicExecutionRole': [
    { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
  ],
  'service-role/AWSLambdaVPCAccessExecutionRole': [
    {
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      Resource: '*',
    },
  ],
  'service-role/AmazonAPIGatewayPushToCloudWatchLogs': [
    {
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:DescribeLogGroups',
        'logs:DescribeLogStreams',
        'logs:PutLogEvents',
        'logs:GetLogEvents',
        'logs:FilterLogEvents',
      ],
      Resource: '*',
    },
  ],
};

function statementsOf(document: unknown): PolicyStatement[] {
  const statement = (document as { Statement?: PolicyStatement | PolicyStatement[] } | undefined)?.Statement;
  if (statement === undefined) return [];
  return Array.isArray(statement) ? statement : [statement];
}

function refsIn(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((item) => (typeof item === 'object' && item !== null && 'Ref' in item ? [String((item as { Ref: unknown }).Ref)] : []));
}

/**
 * Every identity-policy statement a role of the template has, resolved: its inline policies, the AWS::IAM::Policy
 * and AWS::IAM::ManagedPolicy resources attached to it, and the AWS managed policies it names.
 */
export function roleStatements(resolver: IntrinsicResolver, roleLogicalId: string): PolicyStatement[] {
  const role = resolver.resource(roleLogicalId);
  if (role.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is a ${role.Type}, not a role`);
  const resources = resolver.template.Resources;
  const raw: unknown[] = [];
  for (const policy of (role.Properties?.Policies as Array<{ PolicyDocument: unknown }> | undefined) ?? []) raw.push(...statementsOf(policy.PolicyDocument));
  for (const [logicalId, resource] of Object.entries(resources)) {
    const attachedHere = resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy';
    if (attachedHere && refsIn(resource.Properties?.Roles).includes(roleLogicalId)) raw.push(...statementsOf(resource.Properties?.PolicyDocument));
    if (resource.Type === 'AWS::IAM::ManagedPolicy' && refsIn(role.Properties?.ManagedPolicyArns).includes(logicalId)) {
      raw.push(...statementsOf(resource.Properties?.PolicyDocument));
    }
  }
  const statements = raw.map((statement) => resolver.resolve(statement) as PolicyStatement);
  const managedArns = (resolver.resolve(role.Properties?.ManagedPolicyArns) as string[] | undefined) ?? [];
  for (const arn of managedArns) {
    const awsManaged = /^arn:aws:iam::aws:policy\/(.+)$/.exec(arn);
    if (!awsManaged) continue; // A customer managed policy of this template was gathered above.
    const known = KNOWN_MANAGED_POLICIES[awsManaged[1]!];
    if (!known) throw new Error(`Role ${roleLogicalId} attaches ${arn}, whose content the harness does not know`);
    statements.push(...known);
  }
  return statements;
}

/** The resource-based policy statements that apply to a resource ARN (bucket or object, queue, secret, key). */
export function resourceStatements(resolver: IntrinsicResolver, resourceArn: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  for (const resource of Object.values(resolver.template.Resources)) {
    const properties = resource.Properties ?? {};
    let targets: string[] = [];
    let document: unknown;
    switch (resource.Type) {
      case 'AWS::S3::BucketPolicy': {
        const bucketArn = `arn:aws:s3:::${resolver.resolveString(properties.Bucket)}`;
        targets = [bucketArn, `${bucketArn}/`];
        document = properties.PolicyDocument;
        break;
      }
      case 'AWS::SQS::QueuePolicy':
        targets = ((resolver.resolve(properties.Queues) as string[]) ?? []).map((url) => {
          const [, , host, account, name] = url.split('/');
          const region = host!.split('.')[1];
          return `arn:aws:sqs:${region}:${account}:${name}`;
        });
        document = properties.PolicyDocument;
        break;
      case 'AWS::SecretsManager::ResourcePolicy':
        targets = [resolver.resolveString(properties.SecretId)];
        document = properties.ResourcePolicy;
        break;
      case 'AWS::KMS::Key':
        continue;
      default:
        continue;
    }
    const applies = targets.some((target) => resourceArn === target || (target.endsWith('/') && resourceArn.startsWith(target)));
    if (applies) statements.push(...statementsOf(resolver.resolve(document)));
  }
  return statements;
}

/** The key policy of a KMS key of the template, by key ARN. */
export function keyPolicyStatements(resolver: IntrinsicResolver, keyArn: string): PolicyStatement[] | undefined {
  for (const [logicalId, resource] of Object.entries(resolver.template.Resources)) {
    if (resource.Type !== 'AWS::KMS::Key') continue;
    if (resolver.getAtt(logicalId, 'Arn') !== keyArn) continue;
    return statementsOf(resolver.resolve(resource.Properties?.KeyPolicy));
  }
  return undefined;
}
