/**
 * Each function process gets fake credentials whose access key id names its execution role, so an emulator that
 * reads the SigV4 `Credential=` scope knows which role's policies to authorize the call against.
 */
const PREFIX = 'ASIAHARNESS';
const SECRET = 'harness-secret-access-key';

export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** Credentials for the role with this logical id. */
export function credentialsForRole(roleLogicalId: string): RoleCredentials {
  return { accessKeyId: `${PREFIX}${roleLogicalId}`, secretAccessKey: SECRET, sessionToken: `harness-session-${roleLogicalId}` };
}

/** The role logical id an access key id was made for, or undefined when the key is not the harness's. */
export function roleOfAccessKeyId(accessKeyId: string): string | undefined {
  return accessKeyId.startsWith(PREFIX) && accessKeyId.length > PREFIX.length ? accessKeyId.slice(PREFIX.length) : undefined;
}

/** The secret access key of a harness access key id (what an emulator checks the SigV4 signature with). */
export function roleCredentialsSecret(accessKeyId: string): string | undefined {
  return roleOfAccessKeyId(accessKeyId) ? SECRET : undefined;
}
