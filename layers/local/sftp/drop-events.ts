import { describeError } from '#core/errors.js';

/** A file was written and closed: the local twin of S3 `Object Created`. */
export interface ObjectCreatedEvent {
  /** `<user>/<path inside the user's folder>`, the raw bucket's key layout. */
  key: string;
  size: number;
  user: string;
}

/** A file was removed (or renamed away): the local twin of S3 `Object Deleted`. */
export interface ObjectDeletedEvent {
  key: string;
  user: string;
}

export interface DropEventHandlers {
  onObjectCreated: (event: ObjectCreatedEvent) => void | Promise<void>;
  onObjectDeleted: (event: ObjectDeletedEvent) => void | Promise<void>;
  log: (line: string) => void;
}

/**
 * Calls a handler without letting it break the SFTP session: the upload already succeeded,
 * whatever ingestion thinks of it. The synchronous part runs before the client gets its
 * reply, so the event is queued by the time the upload is reported done.
 */
export function emitSafely<E extends { key: string }>(handler: (event: E) => void | Promise<void>, event: E, log: (line: string) => void): void {
  const report = (error: unknown) => log(`sftp: handling ${event.key} failed: ${describeError(error)}`);
  try {
    const result = handler(event);
    if (result !== undefined) Promise.resolve(result).catch(report);
  } catch (error) {
    report(error);
  }
}

/** Editors and clients write temporary files under hidden names; they are not documents. */
export function isHiddenName(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return name.startsWith('.');
}
