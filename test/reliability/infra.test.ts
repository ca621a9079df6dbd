/**
 * Items 6 and 7 on the synthesized template (bundling off, as in test/infra): only the three public routes skip the
 * JWT authorizer; no data action is granted on Resource `*`; every asynchronously invoked function has a dead-letter
 * queue; the API is throttled. cdk-nag's AwsSolutions and Serverless packs run in test/infra/stack.test.ts.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { devStack } from '../support/dev-stack.ts';

let template: Template;

beforeAll(() => {
  template = devStack().template;
});

type Statement = { Effect?: string; Action?: string | string[]; Resource?: unknown };
const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every IAM statement of the stack: policies, inline role policies. */
function statements(): { owner: string; statement: Statement }[] {
  const found: { owner: string; statement: Statement }[] = [];
  for (const [id, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
    for (const s of list(policy.Properties.PolicyDocument.Statement))
      found.push({ owner: id, statement: s as Statement });
  }
  for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role'))) {
    for (const inline of list(role.Properties.Policies) as { PolicyDocument: { Statement: Statement[] } }[]) {
      for (const s of list(inline.PolicyDocument.Statement)) found.push({ owner: id, statement: s });
    }
  }
  return found;
}

const DATA_ACTION = /^(dynamodb:|s3:|states:|sns:Publish$|sqs:|secretsmanager:|kms:)|^\*$/;
/**
 * Actions IAM only grants on "*" (no resource-level permission), which read no data: the table export lists the
 * account's export summaries to choose a full or an incremental export (infra/constructs/bindings.ts).
 */
const ONLY_ON_ANY_RESOURCE = new Set(['dynamodb:ListExports']);

describe('the API (item 6)', () => {
  it('has no route without the JWT authorizer except GET /health, GET /openapi.json and the payment callbacks', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const open = routes.filter((r) => r.Properties.AuthorizationType !== 'JWT').map((r) => r.Properties.RouteKey);
    console.log(`infra: ${routes.length} routes, ${open.length} without the JWT authorizer: ${open.join(', ')}`);
    expect(open.sort()).toEqual([
      'GET /health',
      'GET /openapi.json',
      'POST /v1/payments/alipay/notify',
      'POST /v1/payments/webhook',
      'POST /v1/payments/wechat/notify',
    ]);
    for (const r of routes.filter((r) => r.Properties.AuthorizationType === 'JWT')) {
      expect(r.Properties.AuthorizerId, r.Properties.RouteKey).toBeDefined();
    }
    expect(routes.map((r) => r.Properties.RouteKey)).not.toContain('POST /local/token');
  });

  it('is throttled with a positive rate and burst', () => {
    const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages.length).toBeGreaterThan(0);
    for (const stage of stages) {
      const settings = stage.Properties.DefaultRouteSettings ?? {};
      console.log(`infra: throttling ${settings.ThrottlingRateLimit}/s, burst ${settings.ThrottlingBurstLimit}`);
      expect(settings.ThrottlingRateLimit).toBeGreaterThan(0);
      expect(settings.ThrottlingBurstLimit).toBeGreaterThan(0);
    }
  });
});

describe('IAM (item 7)', () => {
  it('grants no data action on Resource "*" (X-Ray, Textract and logs may be)', () => {
    const all = statements().filter(({ statement }) => statement.Effect !== 'Deny');
    const wide = all.filter(({ statement }) => list(statement.Resource).some((r) => r === '*'));
    const offending = wide.flatMap(({ owner, statement }) =>
      list(statement.Action)
        .filter((a) => DATA_ACTION.test(a) && !ONLY_ON_ANY_RESOURCE.has(a))
        .map((a) => `${owner}: ${a} on *`),
    );
    const allowed = new Set(wide.flatMap(({ statement }) => list(statement.Action)));
    console.log(`infra: ${all.length} IAM statements, ${wide.length} on "*" (${[...allowed].sort().join(', ')})`);
    expect(offending).toEqual([]);
  });
});

/** The logical id a `Ref` or `Fn::GetAtt` points at. */
const target = (value: unknown): string | undefined => {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
  return v?.Ref ?? v?.['Fn::GetAtt']?.[0];
};

describe('asynchronous invocations (item 7)', () => {
  it('give every function invoked asynchronously (S3 events, schedules, SNS) a DLQ or failure destination', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const asyncIds = new Set<string>();
    for (const permission of Object.values(template.findResources('AWS::Lambda::Permission'))) {
      const principal = String(permission.Properties.Principal);
      if (/s3|sns|events|scheduler/.test(principal)) asyncIds.add(target(permission.Properties.FunctionName) ?? '');
    }
    for (const schedule of Object.values(template.findResources('AWS::Scheduler::Schedule'))) {
      asyncIds.add(target(schedule.Properties.Target.Arn) ?? '');
      expect(schedule.Properties.Target.DeadLetterConfig?.Arn).toBeDefined();
      expect(schedule.Properties.Target.RetryPolicy).toBeDefined();
    }
    asyncIds.delete('');
    const destinations = new Set(
      Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'))
        .filter((c) => c.Properties.DestinationConfig?.OnFailure)
        .map((c) => target(c.Properties.FunctionName)),
    );
    const described = [...asyncIds].map((id) => functions[id]?.Properties.Description ?? id);
    const unguarded = [...asyncIds].filter(
      (id) => !functions[id]?.Properties.DeadLetterConfig && !destinations.has(id),
    );
    console.log(
      `infra: ${asyncIds.size} asynchronously invoked functions (${described.join('; ')}), ${unguarded.length} unguarded`,
    );
    expect(asyncIds.size).toBeGreaterThanOrEqual(2); // the monitor and the OCR function at least
    expect(unguarded).toEqual([]);
  });
});
