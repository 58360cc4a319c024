import { credentialsForRole } from '../functions/role-credentials.js';
import type { Authorizer } from '../iam/authorizer.js';
import type { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import type { AuthorizeCall } from './sync-execution-engine.js';

/**
 * Decides calls a service makes with a role the template names by ARN (API Gateway's
 * integration credentials, a state machine's role) through the harness's IAM authorizer.
 * A role that is not in the template is denied.
 */
export function authorizeRoleArn(authorizer: Authorizer, resolver: IntrinsicResolver): AuthorizeCall {
  const roles = new Map(
    Object.entries(resolver.template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::IAM::Role')
      .map(([logicalId]) => [String(resolver.getAtt(logicalId, 'Arn')), logicalId]),
  );
  return (roleArn, action, resource) => {
    const logicalId = roles.get(roleArn);
    if (!logicalId) return false;
    return authorizer.authorize(credentialsForRole(logicalId).accessKeyId, action, resource).allowed;
  };
}
