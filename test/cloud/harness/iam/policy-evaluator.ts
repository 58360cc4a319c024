/**
 * A focused IAM policy evaluator for one account: identity-based policies of a role, plus resource-based policies
 * (bucket, queue, secret, key policies). It follows AWS's evaluation logic for the parts the template uses:
 * an explicit Deny anywhere wins; otherwise an Allow from an identity policy or from a resource policy naming the
 * principal grants; otherwise the request is implicitly denied.
 */

export type StringOrList = string | string[];

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: StringOrList;
  readonly NotAction?: StringOrList;
  readonly Resource?: StringOrList;
  readonly NotResource?: StringOrList;
  /** Resource-based policies only. */
  readonly Principal?: '*' | { AWS?: StringOrList; Service?: StringOrList; Federated?: StringOrList };
  readonly Condition?: Record<string, Record<string, StringOrList | boolean | number>>;
}

/** Who is calling: a role of the account (its ARN), or an AWS service acting for a resource (e.g. EventBridge). */
export type Caller = { readonly roleArn: string; readonly accountId: string } | { readonly service: string };

export interface AuthorizationRequest {
  readonly caller: Caller;
  /** e.g. `s3:GetObject` */
  readonly action: string;
  /** The ARN the action applies to. */
  readonly resource: string;
  /** Condition keys of the request (`aws:SecureTransport`, `aws:SourceArn`, `s3:TlsVersion`…); a list for multi-valued keys. */
  readonly context?: Record<string, string | string[] | undefined>;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface EvaluationResult {
  readonly decision: Decision;
  /** The statement that decided, for the error message. */
  readonly statement?: PolicyStatement;
}

function list(value: StringOrList | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** IAM wildcard matching: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'is' : 's').test(value);
}

/** ARN matching: each of the six colon-separated parts is matched on its own, wildcards within a part. */
export function arnMatch(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const patternParts = pattern.split(':');
  const arnParts = arn.split(':');
  if (patternParts.length < 6 || arnParts.length < 6) return wildcardMatch(pattern, arn);
  const head = (parts: string[]) => parts.slice(0, 5);
  const tail = (parts: string[]) => parts.slice(5).join(':');
  return head(patternParts).every((part, index) => wildcardMatch(part, arnParts[index]!)) && wildcardMatch(tail(patternParts), tail(arnParts));
}

function actionMatches(statement: PolicyStatement, action: string): boolean {
  if (statement.NotAction !== undefined) return !list(statement.NotAction).some((pattern) => wildcardMatch(pattern, action, true));
  return list(statement.Action).some((pattern) => wildcardMatch(pattern, action, true));
}

function resourceMatches(statement: PolicyStatement, resource: string): boolean {
  if (statement.NotResource !== undefined) return !list(statement.NotResource).some((pattern) => arnMatch(pattern, resource));
  // A resource policy statement may leave Resource out: it then applies to the resource it is attached to.
  if (statement.Resource === undefined) return statement.Principal !== undefined;
  return list(statement.Resource).some((pattern) => arnMatch(pattern, resource));
}

function principalMatches(statement: PolicyStatement, caller: Caller): boolean {
  const principal = statement.Principal;
  if (principal === undefined) return false;
  if (principal === '*') return true;
  if ('service' in caller) return list(principal.Service).includes(caller.service);
  return list(principal.AWS).some(
    (entry) =>
      entry === '*' ||
      entry === caller.roleArn ||
      // The account root names every principal of the account (for a Deny, and for an Allow that IAM policies then
      // need to grant as well, which the caller of this evaluator decides).
      entry === `arn:aws:iam::${caller.accountId}:root` ||
      entry === caller.accountId,
  );
}

const NEGATED_OPERATORS = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike', 'NumericNotEquals']);

function compare(operator: string, expected: string, actual: string): boolean {
  switch (operator) {
    case 'StringEquals':
    case 'StringNotEquals':
      return expected === actual;
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return expected.toLowerCase() === actual.toLowerCase();
    case 'StringLike':
    case 'StringNotLike':
      return wildcardMatch(expected, actual);
    case 'ArnEquals':
    case 'ArnLike':
    case 'ArnNotEquals':
    case 'ArnNotLike':
      return arnMatch(expected, actual);
    case 'Bool':
      return expected.toLowerCase() === actual.toLowerCase();
    case 'NumericEquals':
    case 'NumericNotEquals':
      return Number(actual) === Number(expected);
    case 'NumericLessThan':
      return Number(actual) < Number(expected);
    case 'NumericLessThanEquals':
      return Number(actual) <= Number(expected);
    case 'NumericGreaterThan':
      return Number(actual) > Number(expected);
    case 'NumericGreaterThanEquals':
      return Number(actual) >= Number(expected);
    default:
      throw new Error(`Unsupported condition operator ${operator}`);
  }
}

/** Whether one condition block (operator → key → values) holds for the request context. */
export function conditionHolds(condition: PolicyStatement['Condition'], context: AuthorizationRequest['context'] = {}): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([rawOperator, keys]) => {
    const ifExists = rawOperator.endsWith('IfExists');
    const operator = ifExists ? rawOperator.slice(0, -'IfExists'.length) : rawOperator;
    return Object.entries(keys).every(([key, expectedRaw]) => {
      const expectedValues = (Array.isArray(expectedRaw) ? expectedRaw : [expectedRaw]).map(String);
      const actual = context[key] ?? context[Object.keys(context).find((candidate) => candidate.toLowerCase() === key.toLowerCase()) ?? ''];
      if (operator === 'Null') {
        const wantsAbsent = expectedValues[0]!.toLowerCase() === 'true';
        return wantsAbsent === (actual === undefined);
      }
      if (actual === undefined) return ifExists || NEGATED_OPERATORS.has(operator);
      const actualValues = Array.isArray(actual) ? actual : [actual];
      const matches = actualValues.some((value) => expectedValues.some((expected) => compare(operator, expected, value)));
      return NEGATED_OPERATORS.has(operator) ? !matches : matches;
    });
  });
}

function applies(statement: PolicyStatement, request: AuthorizationRequest, resourceBased: boolean): boolean {
  if (resourceBased && !principalMatches(statement, request.caller)) return false;
  return actionMatches(statement, request.action) && resourceMatches(statement, request.resource) && conditionHolds(statement.Condition, request.context);
}

/** Whether a resource-policy Allow grants on its own: it names the caller itself, not just the account. */
function grantsDirectly(statement: PolicyStatement, caller: Caller): boolean {
  const principal = statement.Principal;
  if (principal === undefined) return false;
  if (principal === '*') return true;
  if ('service' in caller) return list(principal.Service).includes(caller.service);
  return list(principal.AWS).some((entry) => entry === '*' || entry === caller.roleArn);
}

/**
 * Decides one request against the caller's identity statements and the resource's policy statements (a service
 * caller has no identity statements).
 */
export function evaluate(
  request: AuthorizationRequest,
  identityStatements: readonly PolicyStatement[],
  resourceStatements: readonly PolicyStatement[] = [],
): EvaluationResult {
  const deny =
    identityStatements.find((statement) => statement.Effect === 'Deny' && applies(statement, request, false)) ??
    resourceStatements.find((statement) => statement.Effect === 'Deny' && applies(statement, request, true));
  if (deny) return { decision: 'ExplicitDeny', statement: deny };
  const allow =
    identityStatements.find((statement) => statement.Effect === 'Allow' && applies(statement, request, false)) ??
    resourceStatements.find((statement) => statement.Effect === 'Allow' && applies(statement, request, true) && grantsDirectly(statement, request.caller));
  if (allow) return { decision: 'Allow', statement: allow };
  return { decision: 'ImplicitDeny' };
}
