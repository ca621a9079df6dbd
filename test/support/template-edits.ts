/**
 * Edits of the synthesized template for tests that prove local mode enforces it: take one IAM action away from a
 * function's role, or one environment variable away from a function, and run the pipeline on the result.
 */
import type { Template, TemplateResource } from '../../local/iam/intrinsics.ts';

type Resource = TemplateResource & { Metadata?: Record<string, unknown> };

function lambdaOf(template: Template, functionId: string): Resource {
  const found = Object.values(template.Resources as Record<string, Resource>).find(
    (r) =>
      r.Type === 'AWS::Lambda::Function' &&
      String(r.Metadata?.['aws:cdk:path']).endsWith(`/${functionId}/Function/Resource`),
  );
  if (!found) throw new Error(`no function ${functionId} in the template`);
  return found;
}

/** Removes `action` from every statement of the function's role policies; throws if it was not granted. */
export function removeGrant(template: Template, functionId: string, action: string): void {
  const { Role } = lambdaOf(template, functionId).Properties ?? {};
  const role = (Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  let removed = 0;
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = (resource.Properties?.Roles ?? []) as { Ref?: string }[];
    if (!roles.some((r) => r.Ref === role)) continue;
    const document = resource.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] };
    for (const statement of document.Statement) {
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      const kept = actions.filter((a) => a !== action);
      removed += actions.length - kept.length;
      statement.Action = kept;
    }
  }
  if (!removed) throw new Error(`${functionId} was not granted ${action}`);
}

/** Removes an environment variable from the function; throws if it did not have it. */
export function removeVariable(template: Template, functionId: string, name: string): void {
  const { Environment } = lambdaOf(template, functionId).Properties ?? {};
  const variables = (Environment as { Variables: Record<string, unknown> }).Variables;
  if (!(name in variables)) throw new Error(`${functionId} has no ${name}`);
  delete variables[name];
}
