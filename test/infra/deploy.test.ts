/**
 * The stack as the CDK CLI builds it: with the environment the CLI passes (CDK_DEFAULT_REGION, CDK_DEFAULT_ACCOUNT)
 * in two regions and without one, for every stage; every function's environment derived from its declared needs;
 * people and the order system authenticated as Cognito issues their tokens. Bundling is skipped (context
 * aws:cdk:bundling-stacks = []); `.ci/run` also runs the real `npx cdk synth -q`.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { PERSON_ROLES, SYSTEM_SCOPE } from '../../functions/http/principal.ts';
import { environmentFor } from '../../functions/manifest.ts';
import { buildApp, DeployConfigurationError, STAGES } from '../../infra/app.ts';

const REAL = { financeAlertEmail: 'finance@shop.cn', opsAlertEmail: 'oncall@shop.cn' };
const PROD = { ...REAL, callbackUrls: 'https://console.shop.cn/' };

function synth(context: Record<string, unknown>, env: { region?: string; account?: string } = {}) {
  const saved = { region: process.env.CDK_DEFAULT_REGION, account: process.env.CDK_DEFAULT_ACCOUNT };
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  set('CDK_DEFAULT_REGION', env.region);
  set('CDK_DEFAULT_ACCOUNT', env.account);
  try {
    const app = new App({
      context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true, ...context },
    });
    const { stack } = buildApp(app);
    // cdk-nag runs here: an unacknowledged finding throws, naming the rule and the resource.
    app.synth();
    return { stack, template: Template.fromStack(stack) };
  } finally {
    set('CDK_DEFAULT_REGION', saved.region);
    set('CDK_DEFAULT_ACCOUNT', saved.account);
  }
}

describe('npx cdk synth', () => {
  it.each<[string, { region?: string; account?: string }]>([
    ['no environment (the CLI without AWS config passes only the region)', {}],
    ['the CLI default region', { region: 'us-east-1' }],
    ['eu-west-1 with an account', { region: 'eu-west-1', account: '123456789012' }],
    ['ap-southeast-1 with an account', { region: 'ap-southeast-1', account: '210987654321' }],
    ['eu-central-1 with an account', { region: 'eu-central-1', account: '123456789012' }],
  ])('passes cdk-nag for every stage with %s', (_, env) => {
    for (const stage of STAGES) {
      const context = { stage, ...(stage === 'prod' ? PROD : {}) };
      const { stack } = synth(context, env);
      expect(stack.stackName).toBe(`RefundPipeline-${stage}`);
      if (env.region) expect(stack.region).toBe(env.region);
    }
  });

  it("names the region's partition in every service integration and its domain suffix in the console's policy", () => {
    for (const file of ['refund-lifecycle', 'refund-payout']) {
      expect(readFileSync(`statemachines/${file}.asl.json`, 'utf8')).not.toContain('arn:aws:');
    }
    const { template } = synth({ stage: 'dev' }, { region: 'eu-west-1', account: '123456789012' });
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(2);
    for (const machine of machines) {
      expect(machine.Properties.DefinitionSubstitutions.Partition).toEqual({ Ref: 'AWS::Partition' });
    }
    const [headers] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const csp = JSON.stringify(headers?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig);
    expect(csp).toContain('{"Ref":"AWS::URLSuffix"}');
    expect(csp).not.toContain('amazonaws.com');
  });

  it('refuses the China regions, which have no Cognito user pools, before building anything', () => {
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      expect(() => synth({ stage: 'dev' }, { region })).toThrowError(DeployConfigurationError);
      expect(() => synth({ stage: 'dev' }, { region })).toThrowError(/Cognito user pools/);
    }
  });

  it('works on a clean clone with no context at all (dev, no alert e-mail)', () => {
    const { template } = synth({}, { region: 'us-east-1' });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it.each([
    ['prod without addresses', { stage: 'prod', callbackUrls: PROD.callbackUrls }, /real finance and operations/],
    [
      'prod with placeholder addresses',
      { stage: 'prod', ...PROD, financeAlertEmail: 'finance@example.com' },
      /placeholder/,
    ],
    ['prod without the ops address', { stage: 'prod', ...PROD, opsAlertEmail: undefined }, /opsAlertEmail is missing/],
    ['prod without https callbacks', { ...REAL, stage: 'prod' }, /https callback/],
    ['an unknown stage', { stage: 'qa' }, /unknown stage "qa"/],
    ['a malformed address', { financeAlertEmail: 'finance' }, /not an e-mail address/],
    ['a channel paying what it cannot', { paymentChannels: 'WECHAT_PAY:alipay' }, /alipay cannot pay WECHAT_PAY/],
    ['an unknown channel', { paymentChannels: 'ALIPAY:stripe' }, /unknown channel "stripe"/],
  ])('refuses %s with a clear message', (_, context, message) => {
    expect(() => synth(context)).toThrowError(DeployConfigurationError);
    expect(() => synth(context)).toThrowError(message);
  });
});

describe('the payment channels per stage', () => {
  const channelsOf = (template: Template, id: string) => {
    const [fn] = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([k]) =>
      new RegExp(`^Workflow${id}Function`).test(k),
    );
    if (!fn) throw new Error(`no function ${id}`);
    const { Variables } = fn[1].Properties.Environment as { Variables: Record<string, unknown> };
    return JSON.parse(String(Variables.PAYMENT_CHANNELS));
  };

  it('pays through the real channels in prod, warns that bank cards stay on the sandbox, and takes overrides', () => {
    const prod = synth({ stage: 'prod', ...PROD });
    expect(channelsOf(prod.template, 'Payout')).toMatchObject({
      ALIPAY: 'alipay',
      WECHAT_PAY: 'wechat',
      BALANCE: 'wallet',
    });
    const warnings = prod.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === 'aws:cdk:warning')
      .map((m) => String(m.data));
    expect(warnings.some((w) => w.includes('BANK_CARD refunds have no real channel'))).toBe(true);
    // The sandbox pays nothing in prod, so its callback is not deployed there: a callback in its name could only be
    // forged (by whoever held its HMAC secret) and would settle or fail real refunds.
    const routeKeys = (template: Template) =>
      Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect(routeKeys(prod.template)).not.toContain('POST /v1/payments/webhook');
    expect(routeKeys(prod.template)).toContain('POST /v1/payments/alipay/notify');
    expect(routeKeys(synth({}).template)).toContain('POST /v1/payments/webhook');
    expect(channelsOf(synth({}).template, 'Payout')).toMatchObject({ ALIPAY: 'sandbox', BALANCE: 'sandbox' });
    const tried = synth({ paymentChannels: 'ALIPAY:alipay' }).template;
    expect(channelsOf(tried, 'Payout')).toMatchObject({ ALIPAY: 'alipay', WECHAT_PAY: 'sandbox' });
  });
});

describe('one configuration source', () => {
  let template: Template;
  let stage: string;
  beforeAll(() => {
    stage = 'staging';
    template = synth({ stage, ...REAL }, { region: 'eu-west-1', account: '123456789012' }).template;
  });

  it('gives every function exactly the variables its declared needs require, STAGE included', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    for (const spec of FUNCTIONS) {
      const fn = functions.find((f) => String(f.Metadata?.['aws:cdk:path']).endsWith(`/${spec.id}/Function/Resource`));
      expect(fn, `function ${spec.id} is in the template`).toBeDefined();
      const variables = Object.keys(fn?.Properties.Environment?.Variables ?? {}).sort();
      expect(variables, spec.id).toEqual([...environmentFor(spec.needs), 'NODE_OPTIONS'].sort());
      expect(fn?.Properties.Environment.Variables.STAGE, spec.id).toBe(stage);
    }
  });
});

describe('authentication as Cognito issues tokens', () => {
  let template: Template;
  beforeAll(() => {
    template = synth({ stage: 'prod', ...PROD }, { region: 'eu-west-1', account: '123456789012' }).template;
  });

  it('lets no app client write custom:merchant_id, so only an administrator sets it', () => {
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    expect(Object.keys(clients)).toHaveLength(2);
    for (const client of Object.values(clients)) {
      const writable: string[] | undefined = client.Properties.WriteAttributes;
      expect(writable, 'WriteAttributes must be listed (absent means all)').toBeDefined();
      expect(writable).not.toContain('custom:merchant_id');
    }
  });

  it('has a group per person role and none for system', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual([...PERSON_ROLES].sort());
  });

  it('gives the order system the client-credentials grant with the system scope, and people code + PKCE only', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: SYSTEM_SCOPE.split('/')[0],
      Scopes: [Match.objectLike({ ScopeName: SYSTEM_SCOPE.split('/')[1] })],
    });
    const machines = template.findResources('AWS::Cognito::UserPoolClient', {
      Properties: { GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'] },
    });
    const [machine, ...more] = Object.values(machines);
    expect(more).toHaveLength(0);
    // The scope is `${resource server identifier}/system`, joined from the resource server's reference.
    expect(JSON.stringify(machine?.Properties.AllowedOAuthScopes)).toContain(`/${SYSTEM_SCOPE.split('/')[1]}`);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      // The deployed console's own URL (test/infra/console.test.ts), then the configured ones.
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() }), PROD.callbackUrls],
    });
    for (const client of Object.values(template.findResources('AWS::Cognito::UserPoolClient'))) {
      expect(client.Properties.AllowedOAuthFlows ?? []).not.toContain('implicit');
    }
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: Match.anyValue() });
  });

  it('accepts both app clients at the JWT authorizer (ID tokens by aud, access tokens by client_id)', () => {
    const [authorizer] = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizer?.Properties.JwtConfiguration.Audience).toHaveLength(2);
  });

  it('publishes what the deploy guide and npm run admin read', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    for (const key of [
      'ApiUrl',
      'UserPoolId',
      'WebClientId',
      'OrderSystemClientId',
      'TokenEndpoint',
      'OrderSystemScope',
      'WebhookSecretArn',
    ]) {
      expect(outputs).toContain(key);
    }
  });
});
