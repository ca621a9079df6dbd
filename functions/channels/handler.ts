/**
 * A payment channel's own function (functions/manifest.ts CHANNEL_FUNCTIONS): the only place that holds the channel's
 * credentials. The payout functions invoke it (adapters/payments/lambda-channel.ts) with `{ op: 'send', request }`
 * or `{ op: 'status', query }`; it answers the port's result, or throws the port's errors by name (ProviderTimeout,
 * ProviderUnavailable, ProviderRejected), which Lambda reports as the error type and the caller throws again.
 */

import type { ChannelSecret } from '../adapters/payments/channel-secret.ts';
import type { ChannelOperation } from '../adapters/payments/lambda-channel.ts';
import { ConfigurationError } from '../config.ts';
import { type FunctionSpec, requireEnvironment } from '../manifest.ts';
import { entryHandler } from '../observability/invocation.ts';
import type { PaymentProvider, ProviderPayoutStatus, SendPayoutResult } from '../ports/payment-provider.ts';

const isOperation = (event: unknown): event is ChannelOperation =>
  typeof event === 'object' &&
  event !== null &&
  (('op' in event && event.op === 'send' && 'request' in event) ||
    ('op' in event && event.op === 'status' && 'query' in event));

/**
 * The provider for the credentials in the channel's secret, built again each time ChannelSecret reads the secret
 * anew (after 5 minutes, or a forced re-read), so a rotation reaches it without a cold start.
 */
export function fromSecret<C>(secret: ChannelSecret<C>, make: (credentials: C) => PaymentProvider) {
  let built: { credentials: C; provider: PaymentProvider } | undefined;
  return async (): Promise<PaymentProvider> => {
    const credentials = await secret.get();
    if (built?.credentials !== credentials) built = { credentials, provider: make(credentials) };
    return built.provider;
  };
}

/** The Lambda handler of function `id`, paying through the provider `provider()` answers. */
export function channelHandler(spec: FunctionSpec, provider: () => PaymentProvider | Promise<PaymentProvider>) {
  requireEnvironment(spec);
  const id = spec.id;
  return entryHandler(
    {
      fn: id,
      refundId: (event: unknown) =>
        isOperation(event) ? (event.op === 'send' ? event.request.refundId : event.query.refundId) : undefined,
    },
    async (event: unknown): Promise<SendPayoutResult | { status: ProviderPayoutStatus | null }> => {
      if (!isOperation(event)) throw new ConfigurationError('a channel function is invoked with { op, request|query }');
      const channel = await provider();
      if (event.op === 'send') return channel.send(event.request);
      return { status: (await channel.status?.(event.query)) ?? null };
    },
  );
}
