/**
 * Items 6 and 7 on the synthesized template (bundling off, as in test/infra): only the three public routes skip the
 * JWT authorizer; no data action is granted on Resource `*`; every asynchronously invoked function has a dead-letter
 * queue; the API is throttled. cdk-nag's AwsSolutions and Serverless packs run in test/infra/stack.test.ts.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';

let template: Template;

beforeAll(() => {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], stage: 'test', financeAlertEmail: 'finance@example.com' },
  });
  template = Template.fromStack(buildApp(app).stack);
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

describe('the API (item 6)', () => {
  it('has no route without the JWT authorizer except GET /health, GET /openapi.json and the payment webhook', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const open = routes.filter((r) => r.Properties.AuthorizationType !== 'JWT').map((r) => r.Properties.RouteKey);
    console.log(`infra: ${routes.length} routes, ${open.length} without the JWT authorizer: ${open.join(', ')}`);
    expect(open.sort()).toEqual(['GET /health', 'GET /openapi.json', 'POST /v1/payments/webhook']);
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
        .filter((a) => DATA_ACTION.test(a))
        .map((a) => `${owner}: ${a} on *`),
    );
    const allowed = new Set(wide.flatMap(({ statement }) => list(statement.Action)));
    console.log(`infra: ${all.length} IAM statements, ${wide.length} on "*" (${[...allowed].sort().join(', ')})`);
    expect(offending).toEqual([]);
  });
});

describe('asynchronous invocations (item 7)', () => {
  it('give the monitor and the OCR function a dead-letter queue, and the schedule one too', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const asyncOnes = Object.entries(functions).filter(([, f]) =>
      /payout monitor|Finds late|Reads uploaded/i.test(String(f.Properties.Description ?? '')),
    );
    expect(asyncOnes).toHaveLength(2);
    for (const [id, f] of asyncOnes) expect(f.Properties.DeadLetterConfig?.TargetArn, id).toBeDefined();
    const withDlq = Object.values(functions).filter((f) => f.Properties.DeadLetterConfig).length;
    for (const schedule of Object.values(template.findResources('AWS::Scheduler::Schedule'))) {
      expect(schedule.Properties.Target.DeadLetterConfig?.Arn).toBeDefined();
      expect(schedule.Properties.Target.RetryPolicy).toBeDefined();
    }
    console.log(`infra: ${withDlq} functions with a DLQ (monitor, OCR); schedules with DLQ and retries`);
  });
});
