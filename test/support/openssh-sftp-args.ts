/**
 * The OpenSSH `sftp` client's arguments for a non-interactive batch against the local drop: no
 * user config, only the given key, no agent, and the host key checked against `knownHostsFile`.
 */
export function sftpBatchArgs(options: { batchFile: string; keyFile: string; port: number; user: string; knownHostsFile: string }): string[] {
  return [
    '-F',
    '/dev/null',
    '-b',
    options.batchFile,
    '-i',
    options.keyFile,
    '-P',
    String(options.port),
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${options.knownHostsFile}`,
    '-o',
    'BatchMode=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'IdentityAgent=none',
    '-o',
    'LogLevel=ERROR',
    `${options.user}@127.0.0.1`,
  ];
}
