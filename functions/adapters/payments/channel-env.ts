/**
 * The payment channels of a deployed function, from its environment (set by the stack, functions/manifest.ts):
 * PAYMENT_CHANNELS (method → channel, JSON) and PAYMENT_CHANNEL_FUNCTIONS (channel → the function that runs it).
 */
import { ConfigurationError, requireEnv } from '../../config.ts';
import {
  type ChannelMap,
  ChannelMapError,
  type ChannelName,
  channelMap,
  channelsIn,
  SANDBOX_CHANNELS,
} from '../../domain/payout/channels.ts';
import type { PayoutMethod } from '../../domain/payout/promise.ts';
import type { PaymentProvider } from '../../ports/payment-provider.ts';
import { LambdaChannel } from './lambda-channel.ts';
import { PaymentRouter } from './router.ts';

function json(name: string): Record<string, string> {
  try {
    return JSON.parse(requireEnv(name)) as Record<string, string>;
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(`${name} is not JSON`);
  }
}

/** PAYMENT_CHANNELS, checked (every method mapped to a channel that can pay it). */
export function channelMapFromEnv(): ChannelMap {
  try {
    return channelMap(SANDBOX_CHANNELS, json('PAYMENT_CHANNELS'));
  } catch (error) {
    if (error instanceof ChannelMapError) throw new ConfigurationError(`PAYMENT_CHANNELS: ${error.message}`);
    throw error;
  }
}

/** Who pays each method, by name only (for the ledger), without any channel to call. */
export function channelNamesFromEnv(): { name: string; nameFor(method: PayoutMethod): string } {
  const map = channelMapFromEnv();
  return { name: 'channels', nameFor: (method) => map[method] };
}

/** The router over the channel functions this function may invoke. */
export function paymentChannelsFromEnv(): PaymentProvider {
  const map = channelMapFromEnv();
  const functions = json('PAYMENT_CHANNEL_FUNCTIONS');
  const channels: Partial<Record<ChannelName, PaymentProvider>> = {};
  for (const channel of channelsIn(map)) {
    const fn = functions[channel];
    if (!fn) throw new ConfigurationError(`PAYMENT_CHANNEL_FUNCTIONS has no function for the ${channel} channel`);
    channels[channel] = new LambdaChannel(channel, fn);
  }
  return new PaymentRouter(map, channels);
}

/** For a function that may only ask about payouts (`payments: 'query'`: the monitor): sending is refused here. */
export function paymentQueriesFromEnv(): PaymentProvider {
  const channels = paymentChannelsFromEnv();
  return {
    name: channels.name,
    ...(channels.nameFor ? { nameFor: channels.nameFor.bind(channels) } : {}),
    status: (query) => channels.status?.(query) ?? Promise.resolve(undefined),
    send: () => Promise.reject(new ConfigurationError('this function may only ask the payment channels, not send')),
  };
}
