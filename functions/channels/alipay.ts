/** The Alipay channel: refunds back to the buyer's Alipay (alipay.trade.refund), credentials from its own secret. */

import { ChannelSecret } from '../adapters/payments/channel-secret.ts';
import { ALIPAY_GATEWAY, AlipayChannel } from '../adapters/payments/channels/alipay.ts';
import { alipayCredentialsSchema } from '../adapters/payments/channels/alipay-credentials.ts';
import { requireEnv } from '../config.ts';
import { CHANNEL_FUNCTIONS } from '../manifest.ts';
import { channelHandler, fromSecret } from './handler.ts';

const secret = new ChannelSecret('alipay', alipayCredentialsSchema);

export const handler = channelHandler(
  CHANNEL_FUNCTIONS.alipay,
  fromSecret(
    secret,
    (credentials) =>
      new AlipayChannel({
        credentials,
        gateway: credentials.gateway ?? ALIPAY_GATEWAY,
        notifyUrl: requireEnv('CHANNEL_NOTIFY_URL'),
      }),
  ),
);
