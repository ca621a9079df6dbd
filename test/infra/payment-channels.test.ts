/**
 * The payment channels as synthesized (infra/constructs/payment-channels.ts): each channel's function is the only
 * function that reads that channel's secret (its notification route aside, which reads that one secret too); the
 * payout functions (the Payout task, finance's retry, the buyer's switch, the monitor) read no secret at all and may
 * invoke exactly the channel functions their stage's map uses.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { devStack } from '../support/dev-stack.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
type Resources = Record<string, Resource>;

const REAL = 'ALIPAY:alipay,WECHAT_PAY:wechat,BALANCE:wallet,COUPON:wallet';
let dev: Resources;
let real: Resources;
beforeAll(() => {
  dev = devStack().template.toJSON().Resources;
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      stage: 'dev',
      financeAlertEmail: 'finance@example.com',
      paymentChannels: REAL,
    },
  });
  real = Template.fromStack(buildApp(app).stack).toJSON().Resources;
}, 120_000);

function logicalIdOf(resources: Resources, id: string): string {
  const pattern = new RegExp(`^(Api|Workflow|Monitoring|Evidence|PaymentChannels)${id}Function[0-9A-F]{8}$`);
  const found = Object.keys(resources).find(
    (logical) => resources[logical]?.Type === 'AWS::Lambda::Function' && pattern.test(logical),
  );
  if (!found) throw new Error(`no function ${id}`);
  return found;
}
const fn = (resources: Resources, id: string) => resources[logicalIdOf(resources, id)] as Resource;
const env = (resources: Resources, id: string) =>
  (fn(resources, id).Properties.Environment as { Variables: Record<string, unknown> }).Variables;

/** Allowed `action resource` pairs of a function's role. */
function allowed(resources: Resources, id: string): string[] {
  const role = (fn(resources, id).Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => JSON.stringify(r.Properties.Roles).includes(`"${role}"`))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) =>
      (Array.isArray(s.Action) ? s.Action : [s.Action]).flatMap((a) =>
        (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((r) => `${a} ${JSON.stringify(r)}`),
      ),
    );
}
const secretsRead = (resources: Resources, id: string) =>
  allowed(resources, id)
    .filter((a) => a.startsWith('secretsmanager:GetSecretValue'))
    .map((a) => a.match(/"Ref":"([^"]+)"/)?.[1]);
const invokes = (resources: Resources, id: string) =>
  allowed(resources, id)
    .filter((a) => a.startsWith('lambda:InvokeFunction'))
    .map((a) => a.match(/"Fn::GetAtt":\["([^"]+)"/)?.[1])
    .sort();
const secret = (resources: Resources, name: string) => {
  const found = Object.keys(resources).find(
    (k) => resources[k]?.Type === 'AWS::SecretsManager::Secret' && k.startsWith(name),
  );
  if (!found) throw new Error(`no secret ${name}`);
  return found;
};

const CHANNEL_SECRETS = {
  ChannelAlipay: 'PaymentChannelsAlipayCredentials',
  ChannelWechatPay: 'PaymentChannelsWechatPayCredentials',
  ChannelWallet: 'PaymentChannelsWalletCredentials',
  ChannelSandbox: 'DataPaymentWebhookSecret',
} as const;

describe.each(Object.entries(CHANNEL_SECRETS))('the %s function', (id, secretName) => {
  it('reads its own channel’s secret and no other', () => {
    expect(secretsRead(real, id)).toEqual([secret(real, secretName)]);
    expect(invokes(real, id)).toEqual([]);
  });
});

describe.each([
  ['AlipayNotify', 'PaymentChannelsAlipayCredentials'],
  ['WechatPayNotify', 'PaymentChannelsWechatPayCredentials'],
])('the %s route', (id, secretName) => {
  it('reads its channel’s secret only, to check the channel’s signature', () => {
    expect(secretsRead(real, id)).toEqual([secret(real, secretName)]);
    expect(invokes(real, id)).toEqual([]);
  });
});

describe.each(['Payout', 'RetryPayout', 'PayoutDestination', 'Monitor'])('the %s function', (id) => {
  it('holds no channel credentials and may invoke exactly the channels its map uses', () => {
    expect(secretsRead(real, id)).toEqual([]);
    expect(invokes(real, id)).toEqual(
      ['ChannelAlipay', 'ChannelSandbox', 'ChannelWallet', 'ChannelWechatPay'].map((c) => logicalIdOf(real, c)).sort(),
    );
    expect(JSON.parse(String(env(real, id).PAYMENT_CHANNELS))).toEqual({
      ALIPAY: 'alipay',
      WECHAT_PAY: 'wechat',
      BANK_CARD: 'sandbox',
      BALANCE: 'wallet',
      COUPON: 'wallet',
    });
    // The dev stage's default map pays everything through the sandbox stand-in: only its function is invocable.
    expect(invokes(dev, id)).toEqual([logicalIdOf(dev, 'ChannelSandbox')]);
    expect(secretsRead(dev, id)).toEqual([]);
  });
});

describe('the PayoutFailed task', () => {
  it('knows which channel pays each method (for the ledger) and can invoke none', () => {
    expect(Object.keys(env(real, 'PayoutFailed'))).toContain('PAYMENT_CHANNELS');
    expect(invokes(real, 'PayoutFailed')).toEqual([]);
    expect(secretsRead(real, 'PayoutFailed')).toEqual([]);
  });
});

describe('the channels’ notification addresses', () => {
  it('point Alipay and WeChat Pay at their own routes of this API', () => {
    expect(JSON.stringify(env(real, 'ChannelAlipay').CHANNEL_NOTIFY_URL)).toContain('/v1/payments/alipay/notify');
    expect(JSON.stringify(env(real, 'ChannelWechatPay').CHANNEL_NOTIFY_URL)).toContain('/v1/payments/wechat/notify');
    expect(JSON.stringify(env(real, 'ChannelSandbox').PAYMENT_WEBHOOK_URL)).toContain('/v1/payments/webhook');
  });
});
