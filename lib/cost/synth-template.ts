import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseDeploymentConfig } from '../config/index.js';
import { REPO_ROOT } from '../project-paths.js';
import { RagStack } from '../rag-stack.js';
import type { CfnTemplate } from './estimate-cost.js';

/** Synthesizes the stack of a config file in memory, with cdk.json's context and no bundling (prices need only the wiring). */
export function synthesizeTemplate(configFile: string): CfnTemplate {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const config = parseDeploymentConfig(JSON.parse(readFileSync(configFile, 'utf8')), configFile);
  const stack = new RagStack(app, config.stackName, { config, siteDir: path.join(REPO_ROOT, 'no-site-needed-for-pricing') });
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}
