/**
 * One payment channel as the reliability suite drives it, whatever it is: the sandbox, or the real Alipay / WeChat
 * Pay adapter against its local fake (local/channels). Faults are set the same way, and the channel's own record of
 * attempts says how much money moved, so a suite written once runs per channel. The platform wallet (balance and
 * coupon) counts as money moved too: a refund switched to the balance is paid there.
 */

import type { PaymentMethod } from '../../functions/domain/vocabulary.ts';
import type { FakeChannelFaults } from '../../local/channels/controls.ts';
import type { LocalRuntime } from '../../local/runtime.ts';
import { eventually } from './local.ts';

export const CHANNELS_UNDER_TEST = ['sandbox', 'alipay', 'wechat'] as const;
export type ChannelUnderTestName = (typeof CHANNELS_UNDER_TEST)[number];

export interface ChannelAttempt {
  providerRef: string;
  amount: number;
  /** When it was accepted, ms since epoch. */
  acceptedAtMs: number;
  outcome: 'PENDING' | 'SETTLED' | 'FAILED';
  /** Where the money went: the channel itself, or the platform wallet. */
  via: 'channel' | 'wallet';
}

export interface ChannelUnderTest {
  name: ChannelUnderTestName;
  /** The order's payment method whose refunds this channel pays. */
  paymentMethod: PaymentMethod;
  setFaults(faults: Partial<FakeChannelFaults>): void;
  /** Attempts of a refund at the channel, then its wallet credits, oldest first. */
  attempts(refundId: string): ChannelAttempt[];
  /** Resolves when nothing is left to notify (nothing that could still move money or change a refund). */
  settled(): Promise<void>;
}

const NO_FAULTS: Partial<FakeChannelFaults> = {
  failureRate: 0,
  transientErrorRate: 0,
  ambiguousTimeoutShare: 0,
  duplicateRate: 0,
  earlyNotificationRate: 0,
  latencyMs: { min: 100, max: 200 },
};

/** The channel `name` of a runtime started with `fakeChannels` including it (not needed for the sandbox). */
export function channelUnderTest(runtime: LocalRuntime, name: ChannelUnderTestName): ChannelUnderTest {
  const wallet = runtime.channels.wallet;
  const credits = (refundId: string): ChannelAttempt[] =>
    wallet.credits(refundId).map((c) => ({
      providerRef: c.creditRef,
      amount: c.amount,
      acceptedAtMs: Date.parse(c.creditedAt),
      outcome: 'SETTLED',
      via: 'wallet',
    }));
  if (name === 'sandbox') {
    const sandbox = runtime.payments;
    return {
      name,
      paymentMethod: 'BANK_CARD',
      setFaults(faults) {
        const { latencyMs, failureRate, transientErrorRate, ambiguousTimeoutShare } = { ...NO_FAULTS, ...faults };
        sandbox.setFaults({
          ...(latencyMs ? { latencyMs } : {}),
          ...(failureRate === undefined ? {} : { failureRate }),
          ...(transientErrorRate === undefined ? {} : { transientErrorRate }),
          ...(ambiguousTimeoutShare === undefined ? {} : { ambiguousTimeoutShare }),
        });
      },
      attempts: (refundId) => [
        ...sandbox.attempts(refundId).map((a) => ({
          providerRef: a.providerRef,
          amount: a.amount,
          acceptedAtMs: Date.parse(a.acceptedAt),
          outcome: sandbox.now() < a.settleAtMs ? ('PENDING' as const) : a.outcome,
          via: 'channel' as const,
        })),
        ...credits(refundId),
      ],
      async settled() {
        await eventually(async () => (sandbox.pendingWebhooks() === 0 ? true : undefined));
      },
    };
  }
  const fake = runtime.channels.fakes[name];
  if (!fake) throw new Error(`start the runtime with fakeChannels: ['${name}']`);
  return {
    name,
    paymentMethod: name === 'alipay' ? 'ALIPAY' : 'WECHAT_PAY',
    setFaults: (faults) => fake.setFaults({ ...NO_FAULTS, ...faults }),
    attempts: (refundId) => [
      ...fake.attempts(refundId).map((a) => ({
        providerRef: a.providerRef,
        amount: a.amount,
        acceptedAtMs: Date.parse(a.acceptedAt),
        outcome: a.outcome,
        via: 'channel' as const,
      })),
      ...credits(refundId),
    ],
    settled: () => fake.drain(),
  };
}
