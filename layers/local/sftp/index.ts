export type { ObjectCreatedEvent, ObjectDeletedEvent } from './drop-events.js';
export { loadOrCreateHostKey, type SftpHostKey } from './host-key.js';
export { startSftpDropServer, type SftpDropServer, type SftpDropServerOptions } from './sftp-drop-server.js';
export { parseSftpUsers, type SftpUser } from './sftp-users.js';
