import { mkdir, realpath } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, Server } from 'ssh2';
import { ConfigError, describeError } from '#core/errors.js';
import type { ObjectCreatedEvent, ObjectDeletedEvent } from './drop-events.js';
import { AUTH_METHODS, createAuthenticator } from './sftp-authenticator.js';
import { serveSftpSession } from './sftp-session.js';
import type { SftpUser } from './sftp-users.js';
import { UserFolder } from './user-folder.js';

export interface SftpDropServerOptions {
  /** Default 127.0.0.1: the drop is for this machine unless asked otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Each user's files live in `<rootDir>/<user>/`. */
  rootDir: string;
  users: SftpUser[];
  /** OpenSSH private key (see `loadOrCreateHostKey`). */
  hostKey: string;
  onObjectCreated: (event: ObjectCreatedEvent) => void | Promise<void>;
  onObjectDeleted: (event: ObjectDeletedEvent) => void | Promise<void>;
  /** How long a refused login waits before the client hears so. Default 1000. */
  authFailureDelayMs?: number;
  /** Uploads growing past this many bytes are refused and removed. */
  maxFileBytes?: number;
  log?: (line: string) => void;
}

export interface SftpDropServer {
  port: number;
  close(): Promise<void>;
}

/** As sshd's MaxAuthTries: a client still guessing after this many refusals is cut off. */
const MAX_AUTH_FAILURES = 6;
/** As sshd's LoginGraceTime: connections that never log in do not stay open. */
const LOGIN_GRACE_MS = 120_000;

/**
 * The local twin of the AWS Transfer Family server: SFTP only, one folder per user, and
 * every file written and closed is announced as S3 would announce the object.
 */
export async function startSftpDropServer(options: SftpDropServerOptions): Promise<SftpDropServer> {
  const log = options.log ?? (() => undefined);
  const authFailureDelayMs = options.authFailureDelayMs ?? 1000;
  await mkdir(options.rootDir, { recursive: true });
  const rootDir = await realpath(options.rootDir);
  const authenticate = createAuthenticator(options.users);
  const connections = new Set<Connection>();

  const onConnection = (connection: Connection, info: { ip: string }) => {
    connections.add(connection);
    const remote = info.ip;
    let folder: UserFolder | undefined;
    let failures = 0;
    const timers = new Set<NodeJS.Timeout>();
    const sessions = new Set<{ close(): Promise<void> }>();
    const later = (delayMs: number, action: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        action();
      }, delayMs);
      timers.add(timer);
      return timer;
    };
    const loginDeadline = later(LOGIN_GRACE_MS, () => connection.end());

    connection.on('authentication', (ctx) => {
      const decision = authenticate(ctx);
      if (decision.outcome === 'key-acceptable') {
        ctx.accept();
      } else if (decision.outcome === 'accepted') {
        UserFolder.open(rootDir, decision.user).then(
          (opened) => {
            folder = opened;
            clearTimeout(loginDeadline);
            timers.delete(loginDeadline);
            log(`sftp: ${decision.user} logged in from ${remote} (${ctx.method})`);
            ctx.accept();
          },
          (error: unknown) => {
            log(`sftp: cannot prepare the folder of ${decision.user}: ${describeError(error)}`);
            ctx.reject([...AUTH_METHODS]);
          },
        );
      } else if (!decision.penalised) {
        ctx.reject([...AUTH_METHODS]);
      } else {
        failures += 1;
        // The name is the client's; JSON quoting keeps control characters out of the log.
        log(`sftp: ${ctx.method} login refused for ${JSON.stringify(ctx.username.slice(0, 64))} from ${remote}`);
        later(authFailureDelayMs, () => {
          if (failures >= MAX_AUTH_FAILURES) connection.end();
          else ctx.reject([...AUTH_METHODS]);
        });
      }
    });

    // Sessions only come after a successful login; shells, commands and forwarding are
    // refused by ssh2 itself because nothing listens for them.
    connection.on('session', (acceptSession) => {
      const session = acceptSession();
      session.on('sftp', (acceptSftp, rejectSftp) => {
        if (folder === undefined) return rejectSftp();
        const served = serveSftpSession(acceptSftp(), {
          folder,
          maxFileBytes: options.maxFileBytes,
          onObjectCreated: options.onObjectCreated,
          onObjectDeleted: options.onObjectDeleted,
          log,
        });
        sessions.add(served);
      });
    });

    connection.on('error', (error) => log(`sftp: connection from ${remote}: ${describeError(error)}`));
    connection.on('close', () => {
      connections.delete(connection);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const session of sessions) void session.close();
    });
  };

  let server: Server;
  try {
    server = new ssh2.Server({ hostKeys: [options.hostKey] }, onConnection);
  } catch (error) {
    throw new ConfigError('SFTP host key is not a valid OpenSSH private key', { cause: error });
  }
  server.on('error', (error: Error) => log(`sftp: server error: ${describeError(error)}`));

  await new Promise<void>((resolve, reject) => {
    const onListenError = (error: Error) => reject(error);
    server.once('error', onListenError);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', onListenError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log(`sftp: listening on ${options.host ?? '127.0.0.1'}:${port} for ${options.users.length} user(s)`);

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const connection of connections) connection.end();
      }),
  };
}
