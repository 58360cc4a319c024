import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '#core/errors.js';
import { parseDeploymentConfig, type DeploymentConfig } from './deployment-config.js';

/** What the loader needs from a CDK App: its context (pass `app.node`). */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

export interface LoadDeploymentConfigOptions {
  /** Directory relative config paths resolve against. @default process.cwd() */
  readonly baseDir?: string;
}

/** Context keys that override single top-level fields, e.g. `-c provider=bedrock`. */
const SCALAR_OVERRIDES = ['provider', 'stage', 'alertEmail', 'stackName'] as const;

/** Used when no config is named, so `npx cdk synth` works on a fresh clone. */
export const DEFAULT_CONFIG_FILE = 'config/example.json';

function readJsonFile(file: string, hint: string): unknown {
  if (!existsSync(file)) {
    throw new ConfigError(`Deployment config file not found: ${file} (${hint})`);
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Deployment config file ${file} is not valid JSON: ${reason}`, { cause: error });
  }
}

/** `-c rag='{…}'` arrives as text; cdk.json context arrives as an object. */
function parseInlineContext(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`The cdk context key "rag" is not valid JSON: ${reason}`, { cause: error });
  }
}

/**
 * Reads the deployment config from CDK context, in this order:
 * 1. `rag`: the whole config as an object (cdk.json) or JSON text (`-c rag='{…}'`);
 * 2. `config`: a JSON file path (`-c config=config/prod.json`);
 * 3. `env`: a name, read from `config/<env>.json` (`-c env=prod`);
 * 4. otherwise `config/example.json`.
 * Then `-c provider=… -c stage=… -c alertEmail=… -c stackName=…` override single fields,
 * and the result is validated with errors that name the source.
 */
export function loadDeploymentConfig(context: ContextSource, options: LoadDeploymentConfigOptions = {}): DeploymentConfig {
  const baseDir = options.baseDir ?? process.cwd();
  let raw: unknown;
  let source: string;

  const inline = parseInlineContext(context.tryGetContext('rag'));
  const file = context.tryGetContext('config');
  const env = context.tryGetContext('env');
  if (inline !== undefined) {
    if (typeof inline !== 'object' || inline === null || Array.isArray(inline)) {
      throw new ConfigError('The cdk context key "rag" must be an object holding the deployment config.');
    }
    raw = inline;
    source = 'cdk context key "rag"';
  } else if (file !== undefined) {
    if (typeof file !== 'string' || file.trim() === '') {
      throw new ConfigError('The cdk context key "config" must be the path of a JSON config file, e.g. -c config=config/prod.json');
    }
    source = path.resolve(baseDir, file);
    raw = readJsonFile(source, 'named by -c config=…');
  } else if (env !== undefined) {
    if (typeof env !== 'string' || !/^[a-z0-9-]+$/.test(env)) {
      throw new ConfigError('The cdk context key "env" must be a name like "dev" or "prod", read from config/<env>.json');
    }
    source = path.resolve(baseDir, 'config', `${env}.json`);
    raw = readJsonFile(source, `named by -c env=${env}`);
  } else {
    source = path.resolve(baseDir, DEFAULT_CONFIG_FILE);
    raw = readJsonFile(source, 'the default; name another with -c config=<file> or -c env=<name>');
  }

  const overrides: Record<string, unknown> = {};
  for (const key of SCALAR_OVERRIDES) {
    const value = context.tryGetContext(key);
    if (value !== undefined) overrides[key] = value;
  }
  const merged = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...raw, ...overrides } : raw;
  const described = Object.keys(overrides).length > 0 ? `${source} (with -c ${Object.keys(overrides).join(', ')})` : source;
  return parseDeploymentConfig(merged, described);
}
