/**
 * The payment provider every use case sees (`Ports.payments`), routing each payout to the channel that pays its
 * method (domain/payout/channels.ts): Alipay, WeChat Pay, the platform wallet or the sandbox. Answers carry the
 * channel's name (`provider`), which the ledger writes, so finance sees who moved the money.
 */
import type { ChannelMap, ChannelName } from '../../domain/payout/channels.ts';
import type { PayoutMethod } from '../../domain/payout/promise.ts';
import {
  type PaymentProvider,
  type PayoutQuery,
  type ProviderPayoutStatus,
  ProviderRejected,
  ProviderUnavailable,
  type SendPayoutRequest,
  type SendPayoutResult,
} from '../../ports/payment-provider.ts';

export class PaymentRouter implements PaymentProvider {
  readonly name = 'channels';

  constructor(
    private readonly map: ChannelMap,
    private readonly channels: Partial<Record<ChannelName, PaymentProvider>>,
  ) {
    for (const channel of new Set(Object.values(map))) {
      if (!channels[channel]) throw new RangeError(`the channel map uses ${channel} but no adapter was given for it`);
    }
  }

  /** The provider that pays this method. */
  channelFor(method: PayoutMethod): PaymentProvider {
    const channel = this.channels[this.map[method]];
    if (!channel) throw new ProviderRejected(`no payment channel pays ${method} refunds`);
    return channel;
  }

  nameFor(method: PayoutMethod): string {
    return this.channelFor(method).name;
  }

  async send(request: SendPayoutRequest): Promise<SendPayoutResult> {
    const channel = this.channelFor(request.method);
    return { ...(await channel.send(request)), provider: channel.name };
  }

  async status(query: PayoutQuery): Promise<ProviderPayoutStatus | undefined> {
    const channel = this.channelFor(query.method);
    // "Never accepted" must be a channel's answer, never a guess: a channel that cannot say is an error.
    if (!channel.status) throw new ProviderUnavailable(`${channel.name} cannot say what became of a refund`);
    const known = await channel.status(query);
    return known && { ...known, provider: channel.name };
  }
}
