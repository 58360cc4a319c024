import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { loadLexicon } from '#core/chat/bilingual-lexicon.js';
import { BUNDLED_LEXICON_DIR, lexiconBundlingHooks } from '../../lib/constructs/chat-workflow.js';
import { migrationsChecksum } from '../../lib/constructs/vector-database.js';
import { MIGRATIONS_DIR, REPO_ROOT } from '../../lib/project-paths.js';
import { DATABASE_ROLES, databaseRoleOf } from '#core/store/database-roles.js';
import {
  asArray,
  functionByService,
  ragFunctions,
  ref,
  resourceByPrefix,
  resourcesOfType,
  roleOfFunction,
  statementsOfRole,
  synthRagStack,
  SYNTH_HOOK_TIMEOUT_MS,
} from './synth-stack.js';

/** The username a generated database secret holds (its template is a string, or a Join when it names its master secret). */
function loginUser(secret: { Properties?: Record<string, any> }): string {
  const template = secret.Properties!.GenerateSecretString.SecretStringTemplate;
  return /username\\*"\s*:\s*\\*"([a-z_]+)/.exec(typeof template === 'string' ? template : JSON.stringify(template))?.[1] ?? '';
}

// One synthesis for the whole file, of the default shape (Bedrock, dev stage, RDS Proxy on).
// This file checks the vector database, its network and its migrations.
let template: Template;

beforeAll(() => {
  template = synthRagStack().template;
}, SYNTH_HOOK_TIMEOUT_MS);

describe('4. vector database', () => {
  test('Aurora Serverless v2 PostgreSQL 16 with pgvector ≥ 0.8, encrypted, scaling to 0 ACU with auto-pause', () => {
    const [, cluster] = resourceByPrefix(template, 'AWS::RDS::DBCluster', 'VectorDatabaseCluster');

    expect(cluster.Properties).toMatchObject({
      Engine: 'aurora-postgresql',
      StorageEncrypted: true,
      EnableIAMDatabaseAuthentication: true,
      DatabaseName: 'rag',
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 600 },
    });
    // pgvector 0.8.0 ships with Aurora PostgreSQL 16.5 and later.
    const [major, minor] = String(cluster.Properties!.EngineVersion).split('.').map(Number);
    expect(major).toBe(16);
    expect(minor).toBeGreaterThanOrEqual(5);
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless', PubliclyAccessible: false });
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
  });

  test('credentials are a generated Secrets Manager secret, rotated monthly', () => {
    const secrets = Object.values(resourcesOfType(template, 'AWS::SecretsManager::Secret'));
    const [attachmentId] = resourceByPrefix(template, 'AWS::SecretsManager::SecretTargetAttachment', 'VectorDatabaseClusterSecretAttachment');
    const master = secrets.filter((secret) => loginUser(secret) === 'rag_admin');

    expect(master).toHaveLength(1);
    expect(master[0]!.Properties!.GenerateSecretString).toMatchObject({ GenerateStringKey: 'password' });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: ref(attachmentId),
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  test('RDS Proxy in front requires TLS and uses the cluster secret', () => {
    const [, secretAttachment] = resourceByPrefix(template, 'AWS::SecretsManager::SecretTargetAttachment', 'VectorDatabaseClusterSecretAttachment');

    template.hasResourceProperties('AWS::RDS::DBProxy', {
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      Auth: Match.arrayWith([Match.objectLike({ AuthScheme: 'SECRETS', SecretArn: Match.anyValue() })]),
    });
    expect(secretAttachment).toBeDefined();
  });

  test('the database and its proxy live in isolated subnets and accept only the function security group', () => {
    const isolatedSubnets = Object.entries(resourcesOfType(template, 'AWS::EC2::Subnet'))
      .filter(([, subnet]) =>
        (subnet.Properties!.Tags as { Key: string; Value: string }[]).some((t) => t.Key === 'aws-cdk:subnet-type' && t.Value === 'Isolated'),
      )
      .map(([id]) => id);
    const [, subnetGroup] = resourceByPrefix(template, 'AWS::RDS::DBSubnetGroup', 'VectorDatabaseCluster');
    const [clientSgId] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseClientSecurityGroup');
    const [proxySgId] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseProxySecurityGroup');

    expect(subnetGroup.Properties!.SubnetIds.map((s: { Ref: string }) => s.Ref).every((id: string) => isolatedSubnets.includes(id))).toBe(true);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [proxySgId, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [clientSgId, 'GroupId'] },
      FromPort: 5432,
      ToPort: 5432,
    });
    // Functions cannot bypass the proxy: only the proxy and the secret rotation function reach Aurora.
    const [databaseSgId] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseDatabaseSecurityGroup');
    const [rotationSgId] = resourceByPrefix(template, 'AWS::EC2::SecurityGroup', 'VectorDatabaseClusterRotationSingleUser');
    const databaseSources = Object.values(resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress'))
      .filter((rule) => rule.Properties!.GroupId['Fn::GetAtt']?.[0] === databaseSgId)
      .map((rule) => rule.Properties!.SourceSecurityGroupId['Fn::GetAtt'][0]);
    expect(databaseSources.sort()).toEqual([proxySgId, rotationSgId].sort());
  });

  test('no NAT gateway or internet gateway with the Bedrock provider; S3, Secrets Manager, Bedrock runtime and Textract endpoints instead', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    const services = Object.values(resourcesOfType(template, 'AWS::EC2::VPCEndpoint')).map((endpoint) => JSON.stringify(endpoint.Properties!.ServiceName));

    expect(services).toHaveLength(4);
    expect(services.some((name) => name.includes('.s3'))).toBe(true);
    expect(services.some((name) => name.includes('secretsmanager'))).toBe(true);
    expect(services.some((name) => name.includes('bedrock-runtime'))).toBe(true);
    expect(services.some((name) => name.includes('textract'))).toBe(true);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  test('the improve function finds the es↔en lexicon in its bundle, which its bundling step copies there', () => {
    // prepare
    const [, improve] = functionByService(template, 'rag-chat-improve');
    const outputDir = mkdtempSync(path.join(tmpdir(), 'rag-improve-bundle-'));

    // act
    for (const command of lexiconBundlingHooks().afterBundling(REPO_ROOT, outputDir)) execSync(command);

    // assess
    expect(improve.Properties!.Environment.Variables.RAG_LEXICON_DIR).toBe(BUNDLED_LEXICON_DIR);
    expect(BUNDLED_LEXICON_DIR).toBe('/var/task/lexicon');
    const bundled = path.join(outputDir, 'lexicon');
    expect(readdirSync(bundled).sort()).toEqual(['en-es.tsv.gz', 'es-en.tsv.gz']);
    expect(loadLexicon('es-en', bundled).get('nacido')).toEqual(expect.arrayContaining(['born']));
    rmSync(outputDir, { recursive: true, force: true });
  });

  test('each database role has a login secret of its own: fixed username, generated password without characters that break connection strings', () => {
    // act
    const logins = new Map(
      Object.entries(resourcesOfType(template, 'AWS::SecretsManager::Secret')).map(([id, secret]) => {
        const generator = secret.Properties!.GenerateSecretString;
        return [loginUser(secret), { id, generator }];
      }),
    );

    // assess
    for (const role of DATABASE_ROLES) {
      const login = logins.get(role.name);
      expect(login?.generator).toMatchObject({ GenerateStringKey: 'password' });
      for (const character of ['@', '/', ':', '?', '#', '%', '"', "'", ' ', '\\']) expect(login!.generator.ExcludeCharacters).toContain(character);
    }
  });

  test("each function connects as its own database role: its environment names only that role's secret, and its role may read no other secret", () => {
    // prepare
    const secretOwners = new Map(Object.entries(resourcesOfType(template, 'AWS::SecretsManager::Secret')).map(([id, secret]) => [id, loginUser(secret)]));
    const databaseFunctions = Object.values(ragFunctions(template)).filter((fn) => fn.Properties!.Environment.Variables.RAG_DB_SECRET_ARN);

    // act
    const connections = databaseFunctions.map((fn) => {
      const variables = fn.Properties!.Environment.Variables;
      const secretReads = statementsOfRole(template, roleOfFunction(fn))
        .filter((statement) => asArray(statement.Action).includes('secretsmanager:GetSecretValue'))
        .flatMap((statement) => asArray(statement.Resource).map((resource: { Ref: string }) => secretOwners.get(resource.Ref) ?? JSON.stringify(resource)));
      return { service: variables.POWERTOOLS_SERVICE_NAME as string, user: secretOwners.get(variables.RAG_DB_SECRET_ARN.Ref), secretReads };
    });

    // assess
    expect(connections.map((c) => c.service).sort()).toEqual([...DATABASE_ROLES.flatMap((role) => role.services), 'rag-migrate'].sort());
    for (const { service, user, secretReads } of connections) {
      const expected = databaseRoleOf(service)?.name;
      if (expected) {
        expect({ service, user, secretReads }).toEqual({ service, user: expected, secretReads: [expected] });
      } else {
        // The migration connects as the master user (through the secret's attachment) and reads every login it sets.
        expect(service).toBe('rag-migrate');
        expect(secretReads).toHaveLength(DATABASE_ROLES.length + 1);
        expect(secretReads).toEqual(
          expect.arrayContaining([expect.stringContaining('VectorDatabaseClusterSecretAttachment'), ...DATABASE_ROLES.map((role) => role.name)]),
        );
      }
    }
  });

  test('no function but the migration may read the master secret; the proxy admits every login', () => {
    // prepare
    const [masterId] = Object.entries(resourcesOfType(template, 'AWS::SecretsManager::Secret')).find(([, secret]) => loginUser(secret) === 'rag_admin')!;
    const [attachmentId] = resourceByPrefix(template, 'AWS::SecretsManager::SecretTargetAttachment', 'VectorDatabaseClusterSecretAttachment');
    const [migrateId, migrate] = functionByService(template, 'rag-migrate');
    const [, proxy] = resourceByPrefix(template, 'AWS::RDS::DBProxy', 'VectorDatabaseProxy');

    // act
    const readers = Object.entries(ragFunctions(template))
      .filter(([, fn]) =>
        statementsOfRole(template, roleOfFunction(fn)).some((statement) =>
          [masterId, attachmentId].some((id) => JSON.stringify(statement.Resource ?? '').includes(`"${id}"`)),
        ),
      )
      .map(([id]) => id);

    // assess
    expect(readers).toEqual([migrateId]);
    expect(migrate.Properties!.Environment.Variables.RAG_DB_SECRET_ARN).toEqual(ref(attachmentId));
    const proxySecrets = (proxy.Properties!.Auth as { SecretArn: { Ref: string } }[]).map((auth) => auth.SecretArn.Ref);
    expect(proxySecrets).toHaveLength(DATABASE_ROLES.length + 1);
  });

  test('a custom resource applies the bundled SQL migrations, after the database and proxy exist', () => {
    const [migrateId, migrate] = functionByService(template, 'rag-migrate');
    const [customId, custom] = resourceByPrefix(template, 'Custom::RagSchemaMigration', 'VectorDatabaseMigration');
    const [clusterId] = resourceByPrefix(template, 'AWS::RDS::DBCluster', 'VectorDatabaseCluster');
    const [proxyId] = resourceByPrefix(template, 'AWS::RDS::DBProxy', 'VectorDatabaseProxy');

    expect(migrate.Properties!.Environment.Variables.RAG_MIGRATIONS_DIR).toBe('/var/task/migrations');
    expect(custom.Properties!.MigrationsChecksum).toBe(migrationsChecksum(MIGRATIONS_DIR));
    expect(custom.Properties!.MigrationsChecksum).toMatch(/^[0-9a-f]{64}$/);
    expect(custom.DependsOn).toEqual(expect.arrayContaining([clusterId, proxyId]));
    expect(customId).toBeDefined();
    expect(migrateId).toBeDefined();
  });
});
