import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where `cdk.json` and the app live. */
export const HARNESS_REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Conditions?: Record<string, unknown>;
  readonly Parameters?: Record<string, { Type: string; Default?: unknown }>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  readonly Outputs?: Record<string, { Value: unknown }>;
}

export interface SynthesizedApp {
  /** The cloud assembly folder (`cdk.out`). */
  readonly outDir: string;
  readonly stackName: string;
  readonly template: CfnTemplate;
  /** Folder of the built code of a resource (a function or layer), as `cdk synth` staged it. */
  assetDir(logicalId: string): string;
}

export interface SynthesizeOptions {
  /** Deployment config file, relative to the repository root or absolute; passed as `-c config=<file>`. */
  readonly configFile: string;
  readonly outDir: string;
  /** Extra `-c key=value` context, e.g. `{ stackName: 'Other' }` (read by lib/config/load-deployment-config.ts). */
  readonly context?: Record<string, string>;
  /**
   * Reuse `outDir` when it was synthesized from the same sources, config and context (a fingerprint file beside it
   * says so), so one run synthesizes each config once however many test files read it. @default true
   */
  readonly reuse?: boolean;
}

const FINGERPRINT_FILE = 'harness-fingerprint.txt';
/** What the synthesized app is built from: a change to any of these makes a new synth. */
const SOURCE_ROOTS = ['bin', 'lib', 'functions', 'layers', 'config', 'cdk.json', 'package-lock.json'];

function hashTree(hash: ReturnType<typeof createHash>, entry: string): void {
  const stats = statSync(entry, { throwIfNoEntry: false });
  if (!stats) return;
  if (stats.isDirectory()) {
    for (const name of readdirSync(entry).sort()) {
      if (name === 'node_modules' || name === 'cdk.out') continue;
      hashTree(hash, path.join(entry, name));
    }
    return;
  }
  hash.update(path.relative(HARNESS_REPO_ROOT, entry));
  hash.update(readFileSync(entry));
}

function fingerprint(configFile: string, context: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const root of SOURCE_ROOTS) hashTree(hash, path.join(HARNESS_REPO_ROOT, root));
  hash.update(readFileSync(configFile));
  hash.update(JSON.stringify(Object.entries(context).sort()));
  return hash.digest('hex');
}

function runCdkSynth(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['cdk', 'synth', ...args], {
      cwd: HARNESS_REPO_ROOT,
      // No notices, no version check: synth must run offline.
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`cdk synth ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** Reads a cloud assembly that `cdk synth` wrote: its one stack's template and asset folders. */
export function loadSynthesizedApp(outDir: string): SynthesizedApp {
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; displayName?: string; properties?: { templateFile?: string; stackName?: string } }>;
  };
  const stacks = Object.entries(manifest.artifacts).filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack');
  if (stacks.length !== 1) throw new Error(`Expected one stack in ${outDir}, found ${stacks.map(([id]) => id).join(', ') || 'none'}`);
  const [artifactId, artifact] = stacks[0]!;
  const templateFile = artifact.properties?.templateFile ?? `${artifactId}.template.json`;
  const template = JSON.parse(readFileSync(path.join(outDir, templateFile), 'utf8')) as CfnTemplate;
  return {
    outDir,
    stackName: artifact.properties?.stackName ?? artifactId,
    template,
    assetDir(logicalId: string): string {
      const resource = template.Resources[logicalId];
      if (!resource) throw new Error(`No resource ${logicalId} in the template`);
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (typeof assetPath !== 'string') throw new Error(`Resource ${logicalId} (${resource.Type}) has no staged asset`);
      return path.resolve(outDir, assetPath);
    },
  };
}

/**
 * Synthesizes the app with `npx cdk synth` (offline), selecting the config the way
 * lib/config/load-deployment-config.ts reads it (`-c config=<file>`), into `outDir`.
 */
export async function synthesizeApp(options: SynthesizeOptions): Promise<SynthesizedApp> {
  const configFile = path.resolve(HARNESS_REPO_ROOT, options.configFile);
  const context = options.context ?? {};
  const outDir = path.resolve(options.outDir);
  const stamp = fingerprint(configFile, context);
  const stampFile = path.join(outDir, FINGERPRINT_FILE);
  if ((options.reuse ?? true) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return loadSynthesizedApp(outDir);
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.dirname(outDir), { recursive: true });
  const contextArgs = Object.entries({ config: configFile, ...context }).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  await runCdkSynth(['--quiet', '--no-notices', '--output', outDir, ...contextArgs]);
  writeFileSync(stampFile, stamp);
  return loadSynthesizedApp(outDir);
}
