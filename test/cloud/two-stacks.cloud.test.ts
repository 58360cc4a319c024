import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { loadDeploymentConfig } from '../../lib/config/index.js';
import { REPO_ROOT } from '../../lib/project-paths.js';
import { RagStack } from '../../lib/rag-stack.js';
import type { CfnTemplate } from './harness/template/load-template.js';
import { IntrinsicResolver } from './harness/template/resolve-intrinsics.js';

/** Name properties whose value must be unique in an account and region, by resource type. */
const ACCOUNT_UNIQUE_NAMES: Record<string, string[]> = {
  'AWS::S3::Bucket': ['BucketName'],
  'AWS::SQS::Queue': ['QueueName'],
  'AWS::Lambda::Function': ['FunctionName'],
  'AWS::IAM::Role': ['RoleName'],
  'AWS::IAM::ManagedPolicy': ['ManagedPolicyName'],
  'AWS::SecretsManager::Secret': ['Name'],
  'AWS::RDS::DBCluster': ['DBClusterIdentifier'],
  'AWS::RDS::DBInstance': ['DBInstanceIdentifier'],
  'AWS::RDS::DBProxy': ['DBProxyName'],
  'AWS::RDS::DBClusterParameterGroup': ['DBClusterParameterGroupName'],
  'AWS::RDS::DBSubnetGroup': ['DBSubnetGroupName'],
  'AWS::Events::Rule': ['Name'],
  'AWS::StepFunctions::StateMachine': ['StateMachineName'],
  'AWS::SNS::Topic': ['TopicName'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::Cognito::UserPool': ['UserPoolName'],
  'AWS::Cognito::UserPoolDomain': ['Domain'],
  'AWS::ApiGateway::RestApi': ['Name'],
  'AWS::KMS::Alias': ['AliasName'],
  'AWS::CloudFront::ResponseHeadersPolicy': ['ResponseHeadersPolicyConfig.Name'],
  'AWS::CloudFront::CachePolicy': ['CachePolicyConfig.Name'],
  'AWS::CloudFront::OriginAccessControl': ['OriginAccessControlConfig.Name'],
  'AWS::CloudFront::Function': ['Name'],
  'AWS::Transfer::Server': ['ServerName'],
};

/** Synthesizes a config under a stack name, as `cdk synth -c stackName=…` does (code bundling off: names only). */
function synthesize(configFile: string, stackName: string): CfnTemplate {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context: { ...cdkJson.context, config: configFile, stackName, 'aws:cdk:bundling-stacks': [] } });
  const config = loadDeploymentConfig(app.node, { baseDir: REPO_ROOT });
  const stack = new RagStack(app, config.stackName, { config, siteDir: path.join(REPO_ROOT, 'test', 'no-such-site-dir') });
  return app.synth().getStackArtifact(stack.artifactId).template as CfnTemplate;
}

/** Every account-unique physical name of a deployed template, as `type name` (names CloudFormation generates included). */
function physicalNames(template: CfnTemplate, stackName: string): string[] {
  const resolver = new IntrinsicResolver(template, { stackName });
  return Object.entries(template.Resources).flatMap(([logicalId, resource]) =>
    (ACCOUNT_UNIQUE_NAMES[resource.Type] ?? []).map((property) => {
      const value = property.split('.').reduce<unknown>((object, key) => (object as Record<string, unknown> | undefined)?.[key], resource.Properties);
      return `${resource.Type} ${value === undefined ? resolver.physicalName(logicalId) : resolver.resolve(value)}`;
    }),
  );
}

describe('two stacks of one config, side by side in one account', () => {
  // The example has the SFTP server; the OpenAI example has RDS Proxy, whose name is account-unique.
  test.each(['config/example.json', 'config/openai.example.json'])('share no physical name (%s)', (configFile) => {
    // prepare
    const first = physicalNames(synthesize(configFile, 'RagDocbot'), 'RagDocbot');
    const second = physicalNames(synthesize(configFile, 'RagDocbotSecond'), 'RagDocbotSecond');
    // act
    const shared = first.filter((name) => second.includes(name));
    // assess
    expect(first.length).toBeGreaterThan(10);
    expect(shared).toEqual([]);
  });
});
