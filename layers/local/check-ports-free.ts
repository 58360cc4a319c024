import net from 'node:net';
import { ConfigError } from '#core/errors.js';

/** A port the local stack will listen on, and the variable that sets it. */
export interface PlannedPort {
  port: number;
  host: string;
  variable: string;
  purpose: string;
}

/**
 * Binds each planned port for a moment and lets it go, so that a port already taken is reported
 * at once, by number and variable, instead of as a bare EADDRINUSE after the database set-up.
 * Port 0 means "any free port" and is not checked. The real listen can still lose a race; it
 * reports the same way through {@link portInUseError}.
 */
export async function checkPortsFree(ports: readonly PlannedPort[]): Promise<void> {
  for (const planned of ports) {
    if (planned.port === 0) continue;
    await new Promise<void>((resolve, reject) => {
      const probe = net.createServer();
      probe.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? portInUseError(planned, error) : error),
      );
      probe.listen({ port: planned.port, host: planned.host, exclusive: true }, () => probe.close(() => resolve()));
    });
  }
}

/** The error for a port that cannot be had, naming the port and the variable that moves it. */
export function portInUseError(planned: PlannedPort, cause: NodeJS.ErrnoException): ConfigError {
  const why = cause.code === 'EACCES' ? 'needs privileges this user lacks' : 'is already in use by another program';
  return new ConfigError(
    `${planned.purpose} port ${planned.port} on ${planned.host} ${why}. Stop that program, or choose another port with ${planned.variable} (e.g. ${planned.variable}=${planned.port + 1} npm start; ${planned.variable}=0 picks a free one).`,
    { cause },
  );
}
