import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadOrCreateHostKey, type SftpDropServer, startSftpDropServer } from '#local/sftp/index.js';
import type { S3Emulator } from '../emulators/s3-emulator.js';
import { credentialsForRole } from '../functions/role-credentials.js';
import type { Authorizer } from '../iam/authorizer.js';
import type { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import { mappedObject, type TransferUser, transferUsers } from './transfer-users.js';

/** One file the drop handed to S3, or could not. */
export interface TransferOutcome {
  readonly user: string;
  readonly virtualPath: string;
  readonly bucket?: string;
  readonly key?: string;
  /** Empty when S3 stored it; AWS's AccessDenied wording, or why no mapping applied, otherwise. */
  readonly refusal: string;
}

/**
 * The template's Transfer Family server played by the local SFTP drop (layers/local/sftp): its users and keys, each
 * user chrooted to a LOGICAL home whose files go to S3 through the template's home directory mappings, written with
 * the user's role, so an object outside the role's grant is AccessDenied as on AWS.
 */
export class TemplateSftpDrop {
  readonly outcomes: TransferOutcome[] = [];
  /** S3 writes still running: the drop acknowledges a file before the handler has copied it. */
  private readonly pending = new Set<Promise<void>>();

  private constructor(
    private readonly server: SftpDropServer,
    readonly users: TransferUser[],
  ) {}

  get port(): number {
    return this.server.port;
  }

  static async start(options: { resolver: IntrinsicResolver; authorizer: Authorizer; s3: S3Emulator; workDir: string }): Promise<TemplateSftpDrop> {
    const users = transferUsers(options.resolver);
    const rootDir = path.join(options.workDir, 'sftp-drop');
    const hostKey = await loadOrCreateHostKey(path.join(options.workDir, 'sftp-host-key'));
    const byName = new Map(users.map((user) => [user.userName, user]));
    let drop: TemplateSftpDrop | undefined;
    const transfer = (userName: string, dropKey: string, write: (user: TransferUser, bucket: string, key: string) => Promise<string>) => {
      const user = byName.get(userName)!;
      const virtualPath = `/${dropKey.slice(userName.length + 1)}`;
      const target = mappedObject(user, virtualPath);
      const record = async () => {
        const refusal = target ? await write(user, target.bucket, target.key) : `no home directory mapping covers ${virtualPath}`;
        drop?.outcomes.push({ user: userName, virtualPath, ...target, refusal });
      };
      const running = record().finally(() => drop?.pending.delete(running));
      drop?.pending.add(running);
      return running;
    };
    const server = await startSftpDropServer({
      port: 0,
      rootDir,
      hostKey: hostKey.privateKey,
      authFailureDelayMs: 0,
      users: users.flatMap((user) => user.sshPublicKeys.slice(0, 1).map((publicKey) => ({ user: user.userName, publicKey }))),
      onObjectCreated: (event) =>
        transfer(event.user, event.key, async (user, bucket, key) => {
          const decision = options.authorizer.authorize(credentialsForRole(user.roleLogicalId).accessKeyId, 's3:PutObject', `arn:aws:s3:::${bucket}/${key}`);
          if (!decision.allowed) return decision.message;
          options.s3.putObject(bucket, key, await readFile(path.join(rootDir, event.key)), { requester: 'transfer.amazonaws.com' });
          return '';
        }),
      onObjectDeleted: (event) =>
        transfer(event.user, event.key, async (user, bucket, key) => {
          const decision = options.authorizer.authorize(credentialsForRole(user.roleLogicalId).accessKeyId, 's3:DeleteObject', `arn:aws:s3:::${bucket}/${key}`);
          if (!decision.allowed) return decision.message;
          options.s3.deleteObject(bucket, key);
          return '';
        }),
    });
    drop = new TemplateSftpDrop(server, users);
    return drop;
  }

  /** Resolves once every file acknowledged so far has reached S3 (or been refused). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.server.close();
  }
}
