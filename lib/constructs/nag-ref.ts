import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag renders a `Fn::GetAtt` reference inside a finding id, e.g. `<RawBucket1234.Arn>`,
 * so an acknowledgement can name exactly the resource it accepts a wildcard under.
 */
export function nagRef(scope: IConstruct, token: string): string {
  const resolved = Stack.of(scope).resolve(token) as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
  if (resolved['Fn::GetAtt']) return `<${resolved['Fn::GetAtt'][0]}.${resolved['Fn::GetAtt'][1]}>`;
  if (resolved.Ref) return `<${resolved.Ref}>`;
  throw new Error(`Not a reference to a resource of this stack: ${JSON.stringify(resolved)}`);
}
