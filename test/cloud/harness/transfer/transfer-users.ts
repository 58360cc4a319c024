import type { IntrinsicResolver } from '../template/resolve-intrinsics.js';

/** A home directory mapping of a LOGICAL Transfer Family user: what the user sees at `entry` is S3's `target`. */
export interface HomeDirectoryMapping {
  readonly entry: string;
  /** `/<bucket>/<prefix>`. */
  readonly target: string;
}

/** An `AWS::Transfer::User` of the template, resolved. */
export interface TransferUser {
  readonly userName: string;
  /** Logical id of the role Transfer Family assumes to touch S3 for the user. */
  readonly roleLogicalId: string;
  readonly sshPublicKeys: string[];
  readonly mappings: HomeDirectoryMapping[];
}

/**
 * The template's Transfer users. Only what the harness applies is accepted: LOGICAL home directories (a PATH home
 * would show the bucket's layout) and no scope-down policy (a session policy the harness does not evaluate); a
 * template with either fails loudly rather than being emulated loosely.
 */
export function transferUsers(resolver: IntrinsicResolver): TransferUser[] {
  return Object.entries(resolver.template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Transfer::User')
    .map(([logicalId, resource]) => {
      const raw = resource.Properties ?? {};
      const role = raw.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
      const roleLogicalId = role?.['Fn::GetAtt']?.[0];
      if (!roleLogicalId) throw new Error(`${logicalId}: the harness needs Role as a GetAtt of a template role`);
      if (raw.Policy !== undefined) throw new Error(`${logicalId}: a scope-down Policy is not evaluated by the harness`);
      const properties = resolver.resolve(raw) as {
        UserName: string;
        HomeDirectoryType?: string;
        HomeDirectoryMappings?: { Entry: string; Target: string }[];
        SshPublicKeys?: string[];
      };
      if (properties.HomeDirectoryType !== 'LOGICAL') throw new Error(`${logicalId}: only LOGICAL home directories are emulated`);
      return {
        userName: properties.UserName,
        roleLogicalId,
        sshPublicKeys: properties.SshPublicKeys ?? [],
        mappings: (properties.HomeDirectoryMappings ?? []).map((mapping) => ({ entry: mapping.Entry, target: mapping.Target })),
      };
    });
}

/**
 * Where a path the user names lands in S3, as Transfer Family maps a LOGICAL home: the longest entry that is the
 * path or one of its parent folders, its target in place of it. Undefined when no entry covers the path.
 */
export function mappedObject(user: TransferUser, virtualPath: string): { bucket: string; key: string } | undefined {
  const covering = user.mappings
    .filter((mapping) => mapping.entry === '/' || virtualPath === mapping.entry || virtualPath.startsWith(`${mapping.entry.replace(/\/$/, '')}/`))
    .sort((a, b) => b.entry.length - a.entry.length)[0];
  if (!covering) return undefined;
  const rest = virtualPath.slice(covering.entry.replace(/\/$/, '').length).replace(/^\//, '');
  const [bucket = '', ...prefix] = covering.target.replace(/^\//, '').split('/');
  const key = [...prefix.filter((segment) => segment !== ''), ...(rest === '' ? [] : rest.split('/'))].join('/');
  return { bucket, key };
}
