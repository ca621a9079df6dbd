/**
 * The stack's edges (issue 17, items 6, 7 and 8): public routes throttled on their own, Step Functions logs without
 * execution data unless asked for, the alarm key usable only by this account's alarms, and cdk-nag acknowledgements
 * that are explicit and say what they cover.
 */
import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/api/routes.ts';
import { buildApp, DeployConfigurationError } from '../../infra/app.ts';
import { PUBLIC_ROUTE_THROTTLES } from '../../infra/constructs/api.ts';
import { devStack } from '../support/dev-stack.ts';

let template: Template;
let app: App;

beforeAll(() => {
  ({ app, template } = devStack());
});

const publicKeys = ROUTES.filter((r) => r.public).map((r) => `${r.method} ${r.path}`);
const stage = () => Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]?.Properties;

describe('the public routes', () => {
  it('are the health check, the OpenAPI document, the webhook and the payment channels’ notifications', () => {
    expect(publicKeys.sort()).toEqual([
      'GET /health',
      'GET /openapi.json',
      'POST /v1/payments/alipay/notify',
      'POST /v1/payments/webhook',
      'POST /v1/payments/wechat/notify',
    ]);
  });

  it('each have a throttle of their own, below the stage default, the webhook sized to the provider', () => {
    const { DefaultRouteSettings, RouteSettings } = stage();
    expect(Object.keys(RouteSettings ?? {}).sort()).toEqual([...publicKeys].sort());
    for (const key of publicKeys) {
      const own = RouteSettings[key];
      expect(own, key).toEqual({
        ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLES[key]?.rate,
        ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLES[key]?.burst,
      });
      expect(own.ThrottlingRateLimit).toBeLessThan(DefaultRouteSettings.ThrottlingRateLimit);
    }
    expect(RouteSettings['POST /v1/payments/webhook']).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
  });

  it('leave the signed-in routes on the stage default', () => {
    const { DefaultRouteSettings, RouteSettings } = stage();
    expect(DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
    for (const route of ROUTES.filter((r) => !r.public)) {
      expect(RouteSettings?.[`${route.method} ${route.path}`]).toBeUndefined();
    }
  });

  it('exist before the stage that names them is created', () => {
    const [stageId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Stage'));
    const routes = template.findResources('AWS::ApiGatewayV2::Route');
    const dependsOn: string[] = template.toJSON().Resources[stageId ?? ''].DependsOn ?? [];
    for (const key of publicKeys) {
      const id = Object.entries(routes).find(([, r]) => r.Properties.RouteKey === key)?.[0];
      expect(dependsOn, key).toContain(id);
    }
  });

  it('are acknowledged for APIG4 with a reason naming every public route', () => {
    const reasons = app.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .filter(([id]) => id.endsWith('AwsSolutions-APIG4'))
      .map(([, reason]) => reason);
    expect(reasons).toHaveLength(publicKeys.length);
    for (const reason of reasons) for (const key of publicKeys) expect(reason).toContain(key);
  });
});

describe('the state machine logs', () => {
  it('hold errors without execution data by default', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false, Destinations: Match.anyValue() },
    });
  });

  it('hold every event with its data for a debugging session (-c sfnLogData=true), with a warning', () => {
    const debug = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        stage: 'dev',
        financeAlertEmail: 'finance@example.com',
        sfnLogData: 'true',
      },
    });
    const { stack } = buildApp(debug);
    Template.fromStack(stack).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true, Destinations: Match.anyValue() },
    });
    const warnings = debug.synth().getStackArtifact(stack.artifactId).messages;
    expect(warnings.map((w) => String(w.entry.data))).toContainEqual(expect.stringContaining('sfnLogData=true'));
  });

  it('refuses a flag value that is neither true nor false', () => {
    const typo = new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'dev', sfnLogData: 'yes' } });
    expect(() => buildApp(typo)).toThrow(DeployConfigurationError);
  });
});

describe('the alarm topic key', () => {
  it('lets CloudWatch use it only for this account’s alarms', () => {
    const keys = template.findResources('AWS::KMS::Key');
    const statements = Object.values(keys).flatMap((k) => k.Properties.KeyPolicy.Statement as any[]);
    const forCloudWatch = statements.filter((s) => JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com'));
    expect(forCloudWatch).toHaveLength(1);
    const condition = forCloudWatch[0].Condition;
    expect(Object.keys(condition).sort()).toEqual(['ArnLike', 'StringEquals']);
    expect(condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(JSON.stringify(condition.ArnLike['aws:SourceArn'])).toMatch(/:cloudwatch:.*:alarm:\*/);
  });
});

describe('cdk-nag acknowledgements', () => {
  it('are never made without a rule (acknowledge() with no arguments waives nothing and hides intent)', () => {
    const nag = readFileSync(new URL('../../infra/nag.ts', import.meta.url), 'utf8');
    expect(nag).not.toMatch(/\.acknowledge\(\s*\)/);
  });

  it('each name a rule and give a reason', () => {
    const acks = app.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acks.length).toBeGreaterThan(0);
    for (const [id, reason] of acks) {
      expect(id).toMatch(/\S/);
      expect(reason.length, id).toBeGreaterThan(20);
    }
  });
});
