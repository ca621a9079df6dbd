/** The sandbox stand-in channel (moves no money): adapters/payments/deployed-sandbox.ts. */
import { sandboxChannelFromEnv } from '../adapters/payments/deployed-sandbox.ts';
import { CHANNEL_FUNCTIONS } from '../manifest.ts';
import { channelHandler } from './handler.ts';

const memo = <T>(make: () => T) => {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
};

export const handler = channelHandler(CHANNEL_FUNCTIONS.sandbox, memo(sandboxChannelFromEnv));
