#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadDeploymentConfig } from '../lib/config/index.js';
import { RagStack } from '../lib/rag-stack.js';

const app = new App();
const config = loadDeploymentConfig(app.node);

// Env-agnostic on purpose: synth needs no credentials and does no lookups.
new RagStack(app, config.stackName, { config });

// Every AwsSolutions finding either gets fixed or is acknowledged, next to the resource,
// with a reason; an unacknowledged error fails synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
