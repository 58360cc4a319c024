import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { PrivateNetwork } from '../../../lib/constructs/private-network.js';
import { migrationBundlingHooks, migrationsChecksum, VectorDatabase } from '../../../lib/constructs/vector-database.js';
import { MIGRATIONS_DIR } from '../../../lib/project-paths.js';
import {
  functionByService,
  resourceByPrefix,
  resourcesOfType,
  synthRagStack,
  unacknowledgedNagFindings,
  type SynthesizedStack,
  SYNTH_HOOK_TIMEOUT_MS,
} from '../synth-stack.js';

describe('without RDS Proxy (the scale-to-zero dev setup)', () => {
  let synthesized: SynthesizedStack;
  let template: Template;

  beforeAll(() => {
    synthesized = synthRagStack({ database: { useRdsProxy: false, minCapacityAcu: 0 } });
    template = synthesized.template;
  }, SYNTH_HOOK_TIMEOUT_MS);

  test('there is no proxy and functions connect to the cluster writer endpoint', () => {
    const [clusterId] = resourceByPrefix(template, 'AWS::RDS::DBCluster', 'VectorDatabaseCluster');

    template.resourceCountIs('AWS::RDS::DBProxy', 0);
    for (const service of ['rag-ingest', 'rag-chat-retrieve', 'rag-migrate']) {
      const [, fn] = functionByService(template, service);
      expect(fn.Properties!.Environment.Variables.RAG_DB_HOST).toEqual({ 'Fn::GetAtt': [clusterId, 'Endpoint.Address'] });
      expect(fn.Properties!.Environment.Variables.RAG_DB_SSL).toBe('verify-full');
    }
  });

  test('only the functions and the secret rotation function may reach the database, and TLS is forced', () => {
    const [clientSgId] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseClientSecurityGroup');
    const [rotationSgId] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseClusterRotationSingleUser');
    const [databaseSgId, databaseSg] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseDatabaseSecurityGroup');
    const ingress = Object.values(resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress')).filter(
      (rule) => rule.Properties!.GroupId['Fn::GetAtt']?.[0] === databaseSgId,
    );

    expect(databaseSg.Properties!.SecurityGroupIngress).toBeUndefined();
    expect(ingress.map((rule) => rule.Properties!.SourceSecurityGroupId['Fn::GetAtt'][0]).sort()).toEqual([clientSgId, rotationSgId].sort());
    expect(ingress.find((rule) => rule.Properties!.SourceSecurityGroupId['Fn::GetAtt'][0] === clientSgId)!.Properties).toMatchObject({
      FromPort: 5432,
      ToPort: 5432,
    });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
  });

  test('cdk-nag finds no unacknowledged errors in this variant either', () => {
    expect(unacknowledgedNagFindings(synthesized.stack, 'error')).toEqual([]);
  });
});

describe('migration bundle', () => {
  test('the afterBundling hook copies the SQL migrations next to the bundle', () => {
    const hooks = migrationBundlingHooks();

    expect(hooks.afterBundling('/in', '/out')).toEqual(['mkdir -p "/out/migrations"', 'cp "/in/layers/core/store/migrations"/*.sql "/out/migrations/"']);
  });

  test('the checksum follows the migration files and is stable', () => {
    expect(migrationsChecksum(MIGRATIONS_DIR)).toBe(migrationsChecksum(MIGRATIONS_DIR));
    expect(migrationsChecksum(path.join(MIGRATIONS_DIR, 'no-such-dir'))).toBe('none');
  });

  test('bundling with local esbuild puts index.mjs and every migration into the asset', () => {
    // Bundles only the migration function (one esbuild run), in a stack of its own.
    const outdir = mkdtempSync(path.join(tmpdir(), 'rag-bundle-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'MigrationBundle');
      const network = new PrivateNetwork(stack, 'Network');
      new VectorDatabase(stack, 'VectorDatabase', { network, useRdsProxy: false });

      app.synth();

      const assetDirs = readdirSync(outdir)
        .filter((name) => name.startsWith('asset.'))
        .map((name) => path.join(outdir, name))
        .filter((dir) => existsSync(path.join(dir, 'migrations')));
      expect(assetDirs).toHaveLength(1);
      const assetDir = assetDirs[0]!;
      expect(readdirSync(assetDir)).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map']));
      const shipped = readdirSync(MIGRATIONS_DIR)
        .filter((name) => name.endsWith('.sql'))
        .sort();
      expect(shipped.length).toBeGreaterThan(0);
      expect(readdirSync(path.join(assetDir, 'migrations')).sort()).toEqual(shipped);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
