/**
 * IAM evaluation of identity-based policies for one action on one resource, and the AccessDeniedException AWS
 * answers with, so a missing grant or a wrong ARN fails locally the way it fails in AWS.
 *
 * Semantics (as IAM): an explicit Deny wins; otherwise a matching Allow allows; otherwise the request is implicitly
 * denied. Actions match case-insensitively, resources case-sensitively, both with the `*` and `?` wildcards (a `*`
 * in a resource spans `/` and `:`). Not modelled: resource policies, permission boundaries, SCPs, session
 * policies, policy variables (`${aws:username}`), and condition keys, see `conditionHolds`.
 */

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: unknown;
  Sid?: string;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

const patterns = new Map<string, RegExp>();

/** IAM wildcard match: `*` any run of characters (including none, `/` and `:`), `?` exactly one. */
function matches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let regex = patterns.get(key);
  if (!regex) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    regex = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    patterns.set(key, regex);
  }
  return regex.test(value);
}

const list = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

/** Whether `value` is covered by `positive` (Action/Resource) or escapes `negative` (NotAction/NotResource). */
function covers(
  positive: string | string[] | undefined,
  negative: string | string[] | undefined,
  value: string,
  ignoreCase: boolean,
): boolean {
  const include = list(positive);
  if (include) return include.some((pattern) => matches(pattern, value, ignoreCase));
  const exclude = list(negative);
  if (exclude) return !exclude.some((pattern) => matches(pattern, value, ignoreCase));
  return false; // IAM rejects a statement with neither; it grants and denies nothing here
}

/**
 * Conditions are not evaluated in general: the request context (source IP, tags, principal tags, …) does not
 * exist locally. Only `{ Bool: { 'aws:SecureTransport': … } }` is understood, and it is true, as every SDK call
 * in AWS goes over TLS. Anything else is `undefined` (unknown), and the statement is read conservatively: an Allow
 * with an unknown condition grants nothing, a Deny with one applies. Locally you may be refused what AWS would
 * allow, never the other way round.
 */
function conditionHolds(condition: unknown): boolean | undefined {
  if (condition === undefined) return true;
  if (typeof condition !== 'object' || condition === null) return undefined;
  const operators = Object.entries(condition);
  const [only] = operators;
  if (operators.length !== 1 || !only || only[0] !== 'Bool') return undefined;
  const keys = typeof only[1] === 'object' && only[1] !== null ? Object.entries(only[1]) : [];
  const [key] = keys;
  if (keys.length !== 1 || !key || key[0].toLowerCase() !== 'aws:securetransport') return undefined;
  const values = (Array.isArray(key[1]) ? key[1] : [key[1]]).map((value) => String(value).toLowerCase());
  return values.includes('true');
}

function applies(statement: PolicyStatement, action: string, resource: string): boolean {
  if (!covers(statement.Action, statement.NotAction, action, true)) return false;
  if (!covers(statement.Resource, statement.NotResource, resource, false)) return false;
  const holds = conditionHolds(statement.Condition);
  return holds ?? statement.Effect === 'Deny';
}

/** IAM's decision for `action` (e.g. `dynamodb:PutItem`) on `resource` (an ARN, or `*`). */
export function evaluate(statements: readonly PolicyStatement[], action: string, resource: string): Decision {
  let allowed = false;
  for (const statement of statements) {
    if (!applies(statement, action, resource)) continue;
    if (statement.Effect === 'Deny') return 'explicit-deny';
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

/** The statements of a resolved PolicyDocument, whose Statement is one object or a list. */
export function statementsOf(policyDocument: unknown): PolicyStatement[] {
  if (typeof policyDocument !== 'object' || policyDocument === null || !('Statement' in policyDocument)) {
    throw new Error('a policy document needs a Statement');
  }
  const raw = policyDocument.Statement;
  const statements = Array.isArray(raw) ? raw : [raw];
  return statements.map((statement: unknown) => {
    if (typeof statement !== 'object' || statement === null || !('Effect' in statement)) {
      throw new Error(`policy statement without an Effect: ${JSON.stringify(statement)}`);
    }
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      throw new Error(`policy statement Effect must be Allow or Deny: ${JSON.stringify(statement)}`);
    }
    return statement as PolicyStatement;
  });
}

/** What AWS throws when IAM refuses a call; same name, fault and status as the SDK's service exceptions. */
export class AccessDeniedException extends Error {
  override readonly name = 'AccessDeniedException';
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400 };

  constructor(
    readonly principal: string,
    readonly action: string,
    readonly resource: string,
    explicit: boolean,
  ) {
    super(
      `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${
        explicit
          ? 'with an explicit deny in an identity-based policy'
          : `because no identity-based policy allows the ${action} action`
      }`,
    );
  }
}

/** Throws AccessDeniedException unless the identity's policies allow `action` on `resource`. */
export function authorize(
  identity: { principalArn: string; statements: readonly PolicyStatement[] },
  action: string,
  resource: string,
): void {
  const decision = evaluate(identity.statements, action, resource);
  if (decision !== 'allow') {
    throw new AccessDeniedException(identity.principalArn, action, resource, decision === 'explicit-deny');
  }
}
