/**
 * Each function as the template deploys it: its environment variables (references resolved to the local resources)
 * and its IAM role's policy statements. The local runtime runs every handler invocation inside its function's scope
 * (./scope.ts), so the handler sees only its own environment and every AWS call it makes is checked against its own
 * policy: a missing grant, a wrong ARN or a missing variable fails on the laptop the way it would fail in AWS.
 */
import { TABLES } from '../../functions/adapters/dynamodb/tables.ts';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { localResolver, type Pseudo, resolveValue, type Template, type TemplateResource } from '../iam/intrinsics.ts';
import { type PolicyStatement, statementsOf } from '../iam/policy.ts';
import type { CallerIdentity } from '../iam/sdk-guard.ts';

export interface DeployedFunction {
  /** Construct id, as in functions/catalog.ts. */
  id: string;
  /** The function's environment, exactly as the template sets it, references resolved locally. */
  env: Readonly<Record<string, string>>;
  identity: CallerIdentity;
}

export interface LocalResourceNames {
  /** Local DynamoDB table name of a table declared in functions/adapters/dynamodb/tables.ts, by its id. */
  tableName(tableId: string): string;
  /** The local gateway's URL, the value of the HTTP API's endpoint. */
  apiEndpoint(): string;
}

export const LOCAL_ACCOUNT = '000000000000';

/** The construct path the CDK records in each resource's metadata, e.g. RefundPipeline-dev/Api/CreateRefund/... */
function pathOf(resource: TemplateResource & { Metadata?: Record<string, unknown> }): string {
  const path = resource.Metadata?.['aws:cdk:path'];
  return typeof path === 'string' ? path : '';
}

/** The construct id of the segment before `suffix` in a resource's path (`…/Refunds/Resource` → Refunds). */
function segmentBefore(path: string, suffix: string): string | undefined {
  if (!path.endsWith(suffix)) return undefined;
  const parts = path.slice(0, -suffix.length).split('/');
  return parts[parts.length - 1];
}

const refTo = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null && 'Ref' in value && typeof value.Ref === 'string'
    ? value.Ref
    : undefined;

const getAttOf = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null || !('Fn::GetAtt' in value)) return undefined;
  const att = value['Fn::GetAtt'];
  return Array.isArray(att) && typeof att[0] === 'string' ? att[0] : undefined;
};

/** Reads every function of the catalog out of the template. Throws when one is missing from it. */
export function deployedFunctions(
  template: Template,
  region: string,
  names: LocalResourceNames,
): Map<string, DeployedFunction> {
  const resources = template.Resources as Record<string, TemplateResource & { Metadata?: Record<string, unknown> }>;
  const tableIds = new Set(TABLES.map((t) => t.id));
  const pseudo: Pseudo = {
    partition: 'aws',
    region,
    account: LOCAL_ACCOUNT,
    urlSuffix: 'amazonaws.com',
    stackName: 'RefundPipeline-dev',
  };
  const resolver = localResolver(pseudo, {
    tableName: (logicalId) => {
      const id = segmentBefore(pathOf(resources[logicalId] ?? { Type: '' }), '/Resource');
      if (!id || !tableIds.has(id)) throw new Error(`table ${logicalId} is not declared in tables.ts`);
      return names.tableName(id);
    },
    bucketName: (logicalId) => `local-${logicalId.toLowerCase()}`,
    name: (logicalId) => logicalId,
    apiEndpoint: () => names.apiEndpoint(),
  });
  const resolve = (value: unknown) => resolveValue(value, template, pseudo, resolver);

  const statementsByRole = new Map<string, PolicyStatement[]>();
  const addStatements = (role: string, statements: PolicyStatement[]) =>
    statementsByRole.set(role, [...(statementsByRole.get(role) ?? []), ...statements]);
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::IAM::Policy') {
      const props = resource.Properties ?? {};
      const statements = statementsOf(resolve(props.PolicyDocument));
      for (const role of Array.isArray(props.Roles) ? props.Roles : []) {
        const roleId = refTo(role);
        if (roleId) addStatements(roleId, statements);
      }
    }
    if (resource.Type === 'AWS::IAM::Role') {
      const inline = resource.Properties?.Policies;
      for (const policy of Array.isArray(inline) ? inline : []) {
        addStatements(logicalId, statementsOf(resolve((policy as { PolicyDocument?: unknown }).PolicyDocument)));
      }
    }
  }

  const found = new Map<string, DeployedFunction>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const id = segmentBefore(pathOf(resource), '/Function/Resource');
    if (!id || !FUNCTIONS.some((f) => f.id === id)) continue;
    const props = resource.Properties ?? {};
    const roleId = getAttOf(props.Role);
    const variables = resolve((props.Environment as { Variables?: unknown } | undefined)?.Variables ?? {});
    const env = Object.fromEntries(
      Object.entries(variables as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    found.set(id, {
      id,
      env,
      identity: {
        principalArn: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${roleId ?? 'unknown'}/${logicalId}`,
        statements: roleId ? (statementsByRole.get(roleId) ?? []) : [],
        arn: { partition: pseudo.partition, region, account: LOCAL_ACCOUNT },
      },
    });
  }
  const missing = FUNCTIONS.filter((f) => !found.has(f.id)).map((f) => f.id);
  if (missing.length) throw new Error(`the template has no function for ${missing.join(', ')}`);
  return found;
}
