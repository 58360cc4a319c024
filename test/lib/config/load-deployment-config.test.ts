import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDeploymentConfig, type ContextSource } from '../../../lib/config/index.js';
import { REPO_ROOT } from '../../../lib/project-paths.js';

const context = (values: Record<string, unknown>): ContextSource => ({ tryGetContext: (key) => values[key] });

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rag-config-'));
  mkdirSync(path.join(dir, 'config'));
  writeFileSync(path.join(dir, 'config', 'example.json'), JSON.stringify({ provider: 'bedrock', alertEmail: 'default@example.com' }));
  writeFileSync(path.join(dir, 'config', 'prod.json'), JSON.stringify({ provider: 'openai', stage: 'prod', alertEmail: 'prod@example.com' }));
  writeFileSync(path.join(dir, 'custom.json'), JSON.stringify({ provider: 'openai', alertEmail: 'custom@example.com' }));
  writeFileSync(path.join(dir, 'broken.json'), '{ "provider": ');
  writeFileSync(path.join(dir, 'invalid.json'), JSON.stringify({ provider: 'openai' }));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadDeploymentConfig', () => {
  test('reads config/example.json when nothing is named', () => {
    expect(loadDeploymentConfig(context({}), { baseDir: dir }).alertEmail).toBe('default@example.com');
  });

  test('-c config=<file> reads that file', () => {
    expect(loadDeploymentConfig(context({ config: 'custom.json' }), { baseDir: dir }).alertEmail).toBe('custom@example.com');
  });

  test('-c env=<name> reads config/<name>.json', () => {
    const config = loadDeploymentConfig(context({ env: 'prod' }), { baseDir: dir });

    expect(config).toMatchObject({ stage: 'prod', provider: 'openai', alertEmail: 'prod@example.com' });
  });

  test('the "rag" context object wins over files', () => {
    const config = loadDeploymentConfig(context({ rag: { provider: 'openai', alertEmail: 'inline@example.com' }, env: 'prod' }), { baseDir: dir });

    expect(config.alertEmail).toBe('inline@example.com');
  });

  test("-c rag='{…}' arrives as JSON text and is parsed", () => {
    const config = loadDeploymentConfig(context({ rag: '{"provider":"openai","alertEmail":"text@example.com"}' }), { baseDir: dir });

    expect(config).toMatchObject({ provider: 'openai', alertEmail: 'text@example.com' });
  });

  test('-c provider/stage/alertEmail/stackName override single fields', () => {
    const config = loadDeploymentConfig(context({ env: 'prod', provider: 'bedrock', stage: 'dev', alertEmail: 'cli@example.com', stackName: 'Other' }), {
      baseDir: dir,
    });

    expect(config).toMatchObject({ provider: 'bedrock', stage: 'dev', alertEmail: 'cli@example.com', stackName: 'Other', embeddingDimensions: 1024 });
  });

  test.each([
    ['a missing file', { config: 'nope.json' }, /Deployment config file not found: .*nope\.json/],
    ['a missing environment', { env: 'staging' }, /config\/staging\.json/],
    ['an environment name with a path in it', { env: '../custom' }, /"env" must be a name/],
    ['a file that is not JSON', { config: 'broken.json' }, /broken\.json is not valid JSON/],
    ['a file that fails validation', { config: 'invalid.json' }, /Invalid deployment config in .*invalid\.json:\n {2}- alertEmail/],
    ['an override that fails validation', { provider: 'azure' }, /with -c provider.*\n {2}- provider/],
    ['a "rag" context that is not JSON', { rag: 'openai' }, /"rag" is not valid JSON/],
    ['a "rag" context that is not an object', { rag: '["openai"]' }, /"rag" must be an object/],
  ])('explains %s', (_label, values, message) => {
    expect(() => loadDeploymentConfig(context(values), { baseDir: dir })).toThrow(message);
  });

  test.each(['config/example.json', 'config/openai.example.json', 'config/minimal.json'])('the shipped %s is valid', (file) => {
    expect(() => loadDeploymentConfig(context({ config: file }), { baseDir: REPO_ROOT })).not.toThrow();
  });

  test.each(['config/example.json', 'config/openai.example.json', 'config/minimal.json'])(
    'the shipped %s names no SSH public key (each operator adds their own)',
    (file) => {
      expect(loadDeploymentConfig(context({ config: file }), { baseDir: REPO_ROOT }).sftpUsers).toEqual([]);
    },
  );

  test('the minimal config has neither SFTP nor RDS Proxy, and the example leaves the proxy off so Aurora can pause', () => {
    const minimal = loadDeploymentConfig(context({ config: 'config/minimal.json' }), { baseDir: REPO_ROOT });
    const example = loadDeploymentConfig(context({ config: 'config/example.json' }), { baseDir: REPO_ROOT });

    expect({ sftp: minimal.sftp.enabled, proxy: minimal.database.useRdsProxy, minAcu: minimal.database.minCapacityAcu }).toEqual({
      sftp: false,
      proxy: false,
      minAcu: 0,
    });
    expect({ sftp: example.sftp.enabled, proxy: example.database.useRdsProxy }).toEqual({ sftp: true, proxy: false });
  });
});
