/**
 * STAND-IN, not a payment provider: the `sandbox` channel of a deployed stack (functions/channels/sandbox.ts), which
 * pays what the stage's channel map gives it (every method in dev, bank cards everywhere: no bank adapter exists).
 * It wraps the sandbox so that it works inside a Lambda, which freezes after returning:
 * the sandbox's clock follows real time, and the settlement webhook is delivered (signed, over HTTPS, to the API's
 * own /v1/payments/webhook) before `send` returns. Its idempotency memory lives in the function instance, so unlike
 * a real provider it only dedupes retries that reach the same instance. See docs/payouts.md for the real contract.
 *
 * In a production stack (STAGE prod) it refuses every send (ProviderRejected): it moves no money, and settling a
 * refund nobody paid would show the buyer REFUNDED and put SETTLED on the ledger. The payout ends PAYOUT_FAILED
 * instead, finance is alerted, and the buyer can move it to the platform balance.
 */
import { ConfigurationError, requireEnv } from '../../config.ts';
import {
  type PaymentProvider,
  type PayoutQuery,
  type ProviderPayoutStatus,
  ProviderRejected,
  type SendPayoutRequest,
  type SendPayoutResult,
} from '../../ports/payment-provider.ts';
import { httpWebhookDelivery } from './http-delivery.ts';
import { SandboxPaymentProvider } from './sandbox.ts';
import { webhookSecrets } from './webhook-secret.ts';

const LATENCY = { min: 200, max: 2000 };

export class DeployedSandboxProvider implements PaymentProvider {
  readonly name = 'sandbox';
  private sandbox: Promise<SandboxPaymentProvider> | undefined;

  /**
   * `stage`: the stack's (env STAGE); in prod every send is refused. Without a webhook URL it only answers `status`
   * (the monitor's late-payout check).
   */
  constructor(
    private readonly stage: string,
    private readonly webhookUrl?: string,
  ) {}

  async send(request: SendPayoutRequest): Promise<SendPayoutResult> {
    if (this.stage === 'prod') {
      throw new ProviderRejected(
        `sandbox: moves no money, and this is a production stack: ${request.method} refunds need a real channel ` +
          '(docs/payouts.md, "Payment channels"); the refund stays owed, PAYOUT_FAILED, for finance or the balance',
      );
    }
    const webhookUrl = this.webhookUrl;
    if (!webhookUrl) throw new ConfigurationError('this function may only ask the payment provider, not send');
    this.sandbox ??= webhookSecrets().then(
      ([secret]) =>
        new SandboxPaymentProvider({
          secret: secret ?? '',
          mode: 'manual',
          startAt: new Date().toISOString(),
          latencyMs: LATENCY,
          deliver: httpWebhookDelivery(webhookUrl),
          maxDeliveryAttempts: 1,
        }),
    );
    const sandbox = await this.sandbox;
    await sandbox.advance(Math.max(0, Date.now() - sandbox.now()));
    const result = await sandbox.send(request);
    await sandbox.advance(LATENCY.max);
    return result;
  }

  /** What this function instance's sandbox knows (nothing, in another instance): undefined = never accepted here. */
  async status(query: PayoutQuery): Promise<ProviderPayoutStatus | undefined> {
    return (await this.sandbox)?.status(query);
  }
}

/** The sandbox channel's function (functions/channels/sandbox.ts): webhooks go to PAYMENT_WEBHOOK_URL. */
export function sandboxChannelFromEnv(): PaymentProvider {
  return new DeployedSandboxProvider(requireEnv('STAGE'), requireEnv('PAYMENT_WEBHOOK_URL'));
}
