/**
 * The payment channels (functions/manifest.ts CHANNEL_FUNCTIONS, domain/payout/channels.ts): one function per channel,
 * the only functions that hold a channel's credentials, and one Secrets Manager secret per real channel (Alipay,
 * WeChat Pay, the platform wallet), each readable by its channel's function and its notification route only. The
 * payout functions get the stage's method → channel map and `lambda:InvokeFunction` on the channel functions that
 * map uses, nothing else (bindings.ts). docs/payouts.md says what to put in each secret.
 */
import { Annotations, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ChannelMap, ChannelName } from '../../functions/domain/payout/channels.ts';
import { CHANNEL_FUNCTIONS, type FunctionSpec } from '../../functions/manifest.ts';
import { bindNeeds, type PaymentBindings, type RealChannel } from './bindings.ts';
import type { Data } from './data.ts';
import { RefundFunction } from './refund-function.ts';

export interface PaymentChannelsProps {
  data: Data;
  stage: string;
  map: ChannelMap;
  /** The API's base URL (resolved at synth time: the API is built later). */
  apiEndpoint: string;
  /** Keep the secrets when the stack is deleted. */
  retain: boolean;
}

const SECRET_TEXT: Record<RealChannel, string> = {
  alipay: 'Alipay app id, app private key and Alipay public key (JSON, docs/payouts.md)',
  wechat: 'WeChat Pay merchant id, key, API v3 key and platform keys (JSON, docs/payouts.md)',
  wallet: 'Platform wallet URL, key id and HMAC key (JSON, docs/payouts.md)',
};

export class PaymentChannels extends Construct {
  readonly bindings: PaymentBindings;
  readonly functions: Record<string, RefundFunction>;

  constructor(scope: Construct, id: string, props: PaymentChannelsProps) {
    super(scope, id);
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const secret = (channel: RealChannel, secretId: string) => {
      const created = new Secret(this, secretId, {
        description: SECRET_TEXT[channel],
        // A placeholder until the operator puts the credentials in (the channel refuses to pay until then).
        generateSecretString: { passwordLength: 32, excludePunctuation: true },
        removalPolicy,
      });
      Validations.of(created).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SMG4',
        reason:
          'Channel credentials are issued by the channel (Alipay, WeChat Pay, the wallet team); rotation is done in their console and the adapters accept the old and new key meanwhile (docs/payouts.md).',
      });
      return created;
    };
    const secrets = {
      alipay: secret('alipay', 'AlipayCredentials'),
      wechat: secret('wechat', 'WechatPayCredentials'),
      wallet: secret('wallet', 'WalletCredentials'),
    };
    const endpoint = props.apiEndpoint;
    const partial = {
      map: props.map,
      secrets,
      webhookUrl: `${endpoint}/v1/payments/webhook`,
      notifyUrls: { alipay: `${endpoint}/v1/payments/alipay/notify`, wechat: `${endpoint}/v1/payments/wechat/notify` },
    };
    this.functions = {};
    const functions = {} as Record<ChannelName, IFunction>;
    const entries = Object.entries(CHANNEL_FUNCTIONS) as [ChannelName, FunctionSpec][];
    for (const [channel, spec] of entries) {
      const fn = new RefundFunction(this, spec.id, {
        entry: spec.entry,
        description: `Payment channel ${channel}: the only function holding its credentials`,
      });
      functions[channel] = fn.fn;
      this.functions[spec.id] = fn;
    }
    this.bindings = { ...partial, functions };
    for (const [, spec] of entries) {
      const fn = this.functions[spec.id];
      if (fn) bindNeeds(fn.fn, spec.needs, { data: props.data, stage: props.stage, payments: this.bindings });
    }
    const standIn = (Object.entries(props.map) as [string, ChannelName][]).filter(([, c]) => c === 'sandbox');
    if (props.stage === 'prod' && standIn.length) {
      Annotations.of(this).addWarningV2(
        'refunds:SandboxPayouts',
        `${standIn.map(([m]) => m).join(', ')} refunds have no real channel: the sandbox stand-in refuses them in production, ` +
          'so they end PAYOUT_FAILED for finance or the balance (docs/payouts.md).',
      );
    }
  }
}
