import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { parseDeploymentConfig, type DeploymentConfig, type DeploymentConfigInput } from '../../lib/config/index.js';
import { REPO_ROOT } from '../../lib/project-paths.js';
import { RagStack } from '../../lib/rag-stack.js';

/**
 * Time a `beforeAll` that synthesizes the stack may take. A synth takes about 5 s on an idle machine, but CI runs the
 * suites two at a time beside PGlite-heavy ones, and one synth there has taken over a minute.
 */
export const SYNTH_HOOK_TIMEOUT_MS = 240_000;

export const ALICE_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIsU7uoVl4qAf8lSzZRypf37NhzUcpI3DnCnS4w/O4ON alice@example.com';
export const BOB_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBobBobBobBobBobBobBobBobBobBobBobBobBobBobBob bob@example.com';

/** A small but complete config: Bedrock, two SFTP users, RDS Proxy on, dev stage. */
export const BASE_CONFIG: DeploymentConfigInput = {
  provider: 'bedrock',
  database: { useRdsProxy: true },
  alertEmail: 'ops@example.com',
  sftpUsers: [
    { userName: 'alice', sshPublicKey: ALICE_KEY },
    { userName: 'bob', sshPublicKey: BOB_KEY },
  ],
};

export interface SynthOptions {
  /** Run esbuild for every function (slow); off, the stack is built with placeholder assets. */
  readonly bundling?: boolean;
  /** Directory of the built site. @default a directory that does not exist (placeholder page) */
  readonly siteDir?: string;
}

export interface SynthesizedStack {
  readonly app: App;
  readonly stack: RagStack;
  readonly template: Template;
  readonly config: DeploymentConfig;
}

/** The context the CDK CLI passes from cdk.json, so tests build the app the way `cdk synth` does. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** Builds the stack from BASE_CONFIG plus overrides and synthesizes its template once. */
export function synthRagStack(overrides: Partial<DeploymentConfigInput> = {}, options: SynthOptions = {}): SynthesizedStack {
  const app = new App({
    context: {
      ...cdkJsonContext(),
      // An empty list means "bundle no stack": assertions do not need the code, only its wiring.
      ...(options.bundling ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const config = parseDeploymentConfig({ ...BASE_CONFIG, ...overrides }, 'test config');
  const stack = new RagStack(app, 'RagTest', {
    config,
    siteDir: options.siteDir ?? path.join(REPO_ROOT, 'test', 'no-such-site-dir'),
  });
  return { app, stack, template: Template.fromStack(stack), config };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, any>; DependsOn?: string[] }>;

/** Resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The one resource of a type whose logical id starts with a prefix. */
export function resourceByPrefix(template: Template, type: string, prefix: string): [string, Resources[string]] {
  const matches = Object.entries(resourcesOfType(template, type)).filter(([id]) => id.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`Expected one ${type} with id ${prefix}*, found ${matches.map(([id]) => id).join(', ') || 'none'}`);
  return matches[0]!;
}

/** The product's own functions: those carrying the Powertools service name. */
export function ragFunctions(template: Template): Resources {
  return Object.fromEntries(
    Object.entries(resourcesOfType(template, 'AWS::Lambda::Function')).filter(
      ([, fn]) => fn.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME !== undefined,
    ),
  );
}

/** The function with this Powertools service name. */
export function functionByService(template: Template, serviceName: string): [string, Resources[string]] {
  const match = Object.entries(ragFunctions(template)).find(([, fn]) => fn.Properties!.Environment.Variables.POWERTOOLS_SERVICE_NAME === serviceName);
  if (!match) throw new Error(`No function with service name ${serviceName}`);
  return match;
}

/** All IAM policy statements attached to a role (inline policies and AWS::IAM::Policy resources). */
export function statementsOfRole(template: Template, roleLogicalId: string): Record<string, any>[] {
  const role = resourcesOfType(template, 'AWS::IAM::Role')[roleLogicalId];
  if (!role) throw new Error(`No role ${roleLogicalId}`);
  const inline = (role.Properties?.Policies ?? []).flatMap((policy: any) => policy.PolicyDocument.Statement);
  const attached = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties!.Roles ?? []).some((ref: any) => ref.Ref === roleLogicalId))
    .flatMap((policy) => policy.Properties!.PolicyDocument.Statement);
  return [...inline, ...attached];
}

/** Logical id of the role a function runs as. */
export function roleOfFunction(fn: Resources[string]): string {
  return fn.Properties!.Role['Fn::GetAtt'][0];
}

/** AwsSolutions findings nobody acknowledged, as "rule at path" lines (empty when clean). */
export function unacknowledgedNagFindings(scope: IConstruct, severity: 'error' | 'warning'): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations
    .filter((violation) => violation.severity === severity)
    .flatMap((violation) => violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`));
}

/** A CloudFormation reference to a resource of the template. */
export const ref = (logicalId: string) => ({ Ref: logicalId });
export const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
/** CloudFormation accepts a single value where a list is expected (a policy's Action, Resource…). */
export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
