import type { CfnTemplate, SynthesizedApp } from './load-template.js';

/**
 * A copy of a synthesized app whose template no longer grants `action` to a role: the action is taken out of every
 * Allow statement of the role's attached policies (a statement left without actions is dropped). For the check
 * that the harness can fail.
 */
export function withoutGrant(app: SynthesizedApp, roleLogicalId: string, action: string): SynthesizedApp {
  const template = structuredClone(app.template) as CfnTemplate;
  let removed = 0;
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = (resource.Properties?.Roles as Array<{ Ref?: string }> | undefined) ?? [];
    if (!roles.some((role) => role.Ref === roleLogicalId)) continue;
    const document = resource.Properties!.PolicyDocument as { Statement: Array<{ Effect: string; Action?: string | string[] }> };
    document.Statement = document.Statement.flatMap((statement) => {
      if (statement.Effect !== 'Allow' || statement.Action === undefined) return [statement];
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      const kept = actions.filter((candidate) => candidate !== action);
      removed += actions.length - kept.length;
      return kept.length === 0 ? [] : [{ ...statement, Action: kept }];
    });
  }
  if (removed === 0) throw new Error(`The template grants ${action} to ${roleLogicalId} through no attached policy`);
  return { ...app, template, assetDir: (logicalId) => app.assetDir(logicalId) };
}
