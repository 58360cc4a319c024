import { randomBytes } from 'node:crypto';
import type { Authorizer } from '../iam/authorizer.js';
import type { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import { type AwsServer, startAwsServer } from './aws-server.js';
import type { HarnessTls } from './harness-tls.js';
import { jsonTarget, sendJson, sendJsonError } from './json-protocol.js';

interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  value: string;
}

/** What a secret attached to a database holds besides the credentials (as RDS writes it). */
export interface DatabaseTarget {
  readonly host: string;
  readonly port: number;
  readonly dbname?: string;
}

function generatedPassword(length: number, exclude: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.,^'.split('').filter((c) => !exclude.includes(c));
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * AWS Secrets Manager over its JSON 1.1 protocol: GetSecretValue (and DescribeSecret) for the template's
 * AWS::SecretsManager::Secret resources, each generated as CloudFormation would (GenerateSecretString), with the
 * connection fields a SecretTargetAttachment adds for a database.
 */
export class SecretsManagerEmulator {
  private readonly secrets: StoredSecret[] = [];
  private server?: AwsServer;

  constructor(
    resolver: IntrinsicResolver,
    private readonly authorizer: Authorizer,
    databaseTarget?: DatabaseTarget,
  ) {
    for (const [logicalId, resource] of Object.entries(resolver.template.Resources)) {
      if (resource.Type !== 'AWS::SecretsManager::Secret') continue;
      const properties = (resolver.resolve(resource.Properties) ?? {}) as {
        SecretString?: string;
        GenerateSecretString?: { SecretStringTemplate?: string; GenerateStringKey?: string; PasswordLength?: number; ExcludeCharacters?: string };
      };
      let value = properties.SecretString ?? '';
      const generator = properties.GenerateSecretString;
      if (generator) {
        const password = generatedPassword(generator.PasswordLength ?? 32, generator.ExcludeCharacters ?? '');
        value = generator.GenerateStringKey
          ? JSON.stringify({ ...JSON.parse(generator.SecretStringTemplate ?? '{}'), [generator.GenerateStringKey]: password })
          : password;
      }
      const arn = String(resolver.ref(logicalId));
      this.secrets.push({ arn, name: arn.split(':')[6]!.replace(/-[A-Za-z]{6}$/, ''), value });
    }
    for (const resource of Object.values(resolver.template.Resources)) {
      if (resource.Type !== 'AWS::SecretsManager::SecretTargetAttachment' || !databaseTarget) continue;
      const secret = this.find(resolver.resolveString(resource.Properties?.SecretId));
      if (!secret) continue;
      secret.value = JSON.stringify({
        ...JSON.parse(secret.value),
        engine: 'postgres',
        host: databaseTarget.host,
        port: databaseTarget.port,
        ...(databaseTarget.dbname ? { dbname: databaseTarget.dbname } : {}),
      });
    }
  }

  get url(): string {
    if (!this.server) throw new Error('Secrets Manager emulator not started');
    return this.server.url;
  }

  /** The current value of a secret (ARN or name). */
  secretValue(id: string): string | undefined {
    return this.find(id)?.value;
  }

  /** Puts a new value, as an operator (or rotation) would. */
  putSecretValue(id: string, value: string): void {
    const secret = this.find(id);
    if (!secret) throw new Error(`No secret ${id}`);
    secret.value = value;
  }

  async start(tls: HarnessTls): Promise<void> {
    this.server = await startAwsServer(
      tls,
      'secretsmanager',
      (request, res) => {
        const operation = jsonTarget(request.headers);
        const input = JSON.parse(request.body.toString() || '{}') as { SecretId?: string };
        if (operation !== 'GetSecretValue' && operation !== 'DescribeSecret') {
          sendJsonError(res, 400, 'InvalidRequestException', `The harness does not emulate ${operation}`);
          return;
        }
        const secret = this.find(input.SecretId ?? '');
        // Authorization comes first: a caller without access learns nothing about the secret.
        const resource = secret?.arn ?? String(input.SecretId);
        const decision = this.authorizer.authorize(request.accessKeyId, `secretsmanager:${operation}`, resource);
        if (!decision.allowed) {
          sendJsonError(res, 400, 'AccessDeniedException', decision.message);
          return;
        }
        if (!secret) {
          sendJsonError(res, 400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
          return;
        }
        const common = { ARN: secret.arn, Name: secret.name };
        if (operation === 'DescribeSecret') sendJson(res, 200, { ...common, LastChangedDate: Date.now() / 1000 });
        else
          sendJson(res, 200, {
            ...common,
            VersionId: 'harness-version',
            SecretString: secret.value,
            VersionStages: ['AWSCURRENT'],
            CreatedDate: Date.now() / 1000,
          });
      },
      (res, code, message) => sendJsonError(res, 400, code === 'InvalidAccessKeyId' ? 'UnrecognizedClientException' : 'InvalidSignatureException', message),
    );
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  private find(id: string): StoredSecret | undefined {
    return this.secrets.find((secret) => secret.arn === id || secret.name === id || (id.startsWith(secret.arn.slice(0, -7)) && id.startsWith('arn:')));
  }
}
