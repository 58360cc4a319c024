import { roleOfAccessKeyId } from '../functions/role-credentials.js';
import type { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import { type AuthorizationRequest, type Caller, type Decision, evaluate, type PolicyStatement } from './policy-evaluator.js';
import { resourceStatements, roleStatements } from './template-policies.js';

export interface AuthorizationDecision {
  readonly allowed: boolean;
  readonly decision: Decision;
  readonly action: string;
  readonly resource: string;
  /** The caller as AWS names it in an AccessDenied message. */
  readonly principal: string;
  /** AWS's wording of the denial (empty when allowed). */
  readonly message: string;
}

/** Condition keys every emulated request carries: the emulators serve HTTPS only, with TLS 1.3. */
const DEFAULT_CONTEXT = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' };

/**
 * Authorizes emulator calls: the SigV4 access key id names the calling function's role, whose statements come from
 * the template, together with the resource policies of the target. Every decision is kept for assertions.
 */
export class Authorizer {
  readonly decisions: AuthorizationDecision[] = [];
  private readonly roleCache = new Map<string, PolicyStatement[]>();

  constructor(private readonly resolver: IntrinsicResolver) {}

  /**
   * Whether a caller holds a permission, without recording a decision: what a service checks about its caller
   * beside the call itself (S3 answers 404 rather than 403 for a missing key only to a caller allowed to list).
   */
  holds(accessKeyId: string, action: string, resource: string): boolean {
    const allowed = this.authorize(accessKeyId, action, resource).allowed;
    this.decisions.pop();
    return allowed;
  }

  /** Decides a call made with harness credentials. An unknown access key is denied. */
  authorize(accessKeyId: string, action: string, resource: string, context: Record<string, string | string[] | undefined> = {}): AuthorizationDecision {
    const roleLogicalId = roleOfAccessKeyId(accessKeyId);
    if (!roleLogicalId || !this.resolver.template.Resources[roleLogicalId]) {
      return this.record({
        allowed: false,
        decision: 'ImplicitDeny',
        action,
        resource,
        principal: accessKeyId,
        message: 'The security token included in the request is invalid.',
      });
    }
    const roleArn = String(this.resolver.getAtt(roleLogicalId, 'Arn'));
    const roleName = roleArn.split('/').pop()!;
    const caller: Caller = { roleArn, accountId: this.resolver.accountId };
    const statements = this.roleCache.get(roleLogicalId) ?? roleStatements(this.resolver, roleLogicalId);
    this.roleCache.set(roleLogicalId, statements);
    const principal = `arn:aws:sts::${this.resolver.accountId}:assumed-role/${roleName}/harness`;
    return this.decide({ caller, action, resource, context: { ...DEFAULT_CONTEXT, 'aws:PrincipalArn': roleArn, ...context } }, statements, principal);
  }

  /** Decides a call an AWS service makes for a resource (e.g. EventBridge sending to a queue for a rule). */
  authorizeService(service: string, action: string, resource: string, context: Record<string, string | string[] | undefined> = {}): AuthorizationDecision {
    return this.decide({ caller: { service }, action, resource, context: { ...DEFAULT_CONTEXT, ...context } }, [], service);
  }

  private decide(request: AuthorizationRequest, identity: PolicyStatement[], principal: string): AuthorizationDecision {
    const { decision } = evaluate(request, identity, resourceStatements(this.resolver, request.resource));
    const reason =
      decision === 'ExplicitDeny'
        ? 'with an explicit deny in a resource-based or identity-based policy'
        : `because no identity-based policy allows the ${request.action} action`;
    return this.record({
      allowed: decision === 'Allow',
      decision,
      action: request.action,
      resource: request.resource,
      principal,
      message: decision === 'Allow' ? '' : `User: ${principal} is not authorized to perform: ${request.action} on resource: ${request.resource} ${reason}`,
    });
  }

  private record(decision: AuthorizationDecision): AuthorizationDecision {
    this.decisions.push(decision);
    return decision;
  }
}
